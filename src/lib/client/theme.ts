/**
 * The theme toggle: the page follows the system until the reader presses the
 * button; the choice is remembered (localStorage) and applied before first paint
 * by the inline script in the layout. Other code (the editor) listens for
 * `packetwalk:theme` to follow along.
 */
const KEY = 'packetwalk-theme';
const dark = matchMedia('(prefers-color-scheme: dark)');

export type Theme = 'light' | 'dark';

export function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return dark.matches ? 'dark' : 'light';
}

function announce(): void {
  const theme = currentTheme();
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  }
  document.dispatchEvent(new CustomEvent('packetwalk:theme', { detail: theme }));
}

export function initThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset.theme = next;
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Private browsing may refuse storage; the choice then lasts for this page only.
      }
      announce();
    });
  }
  dark.addEventListener('change', announce);
  announce();
}

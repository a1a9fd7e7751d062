/**
 * With several flows, a tab per flow (WAI-ARIA tabs: arrow keys move between
 * them) and only the chosen flow's section shown. Without JavaScript every
 * flow stays visible, one after the other.
 */
export function setUpFlowTabs(results: HTMLElement, id: string, selected: number, onSelect: (flow: number) => void): void {
  const sections = [...results.querySelectorAll<HTMLElement>(':scope > .pw-flow')];
  if (sections.length < 2) return;
  const chosen = Math.min(Math.max(1, selected), sections.length);
  const list = document.createElement('div');
  list.className = 'pw-tabs';
  list.setAttribute('role', 'tablist');
  list.setAttribute('aria-label', 'Flows');
  const tabs = sections.map((section) => {
    const flow = Number(section.dataset.flow);
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = 'pw-tab';
    tab.id = `${id}-tab-${flow}`;
    tab.textContent = section.dataset.label ?? `Flow ${flow}`;
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', section.id || (section.id = `${id}-panel-${flow}`));
    section.setAttribute('role', 'tabpanel');
    section.setAttribute('aria-labelledby', tab.id);
    list.append(tab);
    return tab;
  });
  const select = (index: number, focus: boolean) => {
    tabs.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      sections[i]!.hidden = !on;
    });
    if (focus) tabs[index]!.focus();
    onSelect(Number(sections[index]!.dataset.flow));
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i, false));
    tab.addEventListener('keydown', (event) => {
      const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      const to = moves[event.key];
      if (to === undefined) return;
      event.preventDefault();
      select((to + tabs.length) % tabs.length, true);
    });
  });
  results.prepend(list);
  select(chosen - 1, false);
  // From now on the tabs' `hidden` attributes decide, not the first-paint rule of playground.css.
  results.classList.add('pw-tabbed');
}

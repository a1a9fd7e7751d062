/**
 * Step-through: one step is one host's handling of one packet. The current
 * step's row group in the hop table and its shapes in the diagram carry the
 * same data-step number and are highlighted together; earlier steps stay
 * visible, later ones are dimmed in the diagram.
 */
const PLAY_INTERVAL_MS = 1200;

export interface StepControls {
  /** The results container: everything highlighted is inside it. */
  readonly root: HTMLElement;
  /** The flow section shown now (or the only one). */
  readonly section: () => HTMLElement | null;
  readonly status: HTMLElement;
  readonly play: HTMLButtonElement;
}

export class StepThrough {
  private step = -1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly controls: StepControls) {}

  private count(): number {
    return Number(this.controls.section()?.dataset.steps ?? 0);
  }

  private show(): void {
    const section = this.controls.section();
    if (!section) return;
    section.classList.toggle('pw-stepping', this.step >= 0);
    for (const el of section.querySelectorAll<Element>('[data-step]')) {
      const n = Number(el.getAttribute('data-step'));
      el.classList.toggle('pw-current', n === this.step);
      el.classList.toggle('pw-done', n < this.step);
    }
    if (this.step < 0) {
      this.controls.status.textContent = '';
      return;
    }
    const row = section.querySelector<HTMLElement>(`tbody[data-step="${this.step}"]`);
    const host = row?.querySelector('th')?.firstChild?.textContent?.trim() ?? '';
    const caption = row?.closest('table')?.querySelector('strong')?.textContent ?? '';
    this.controls.status.textContent = `Step ${this.step + 1} of ${this.count()}: ${caption} at ${host}`;
    row?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  forward(): void {
    const count = this.count();
    if (count === 0) return;
    if (this.step < count - 1) this.step++;
    else this.pause();
    this.show();
  }

  back(): void {
    if (this.step > 0) this.step--;
    this.show();
  }

  toggle(): void {
    if (this.timer !== undefined) {
      this.pause();
      return;
    }
    if (this.step >= this.count() - 1) this.step = -1;
    this.controls.play.setAttribute('aria-pressed', 'true');
    this.controls.play.textContent = 'Pause';
    this.forward();
    this.timer = setInterval(() => this.forward(), PLAY_INTERVAL_MS);
  }

  pause(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.controls.play.setAttribute('aria-pressed', 'false');
    this.controls.play.textContent = 'Play';
  }

  /** Back to no highlight: another flow was chosen or the results were recomputed. */
  reset(): void {
    this.pause();
    // Nothing highlighted yet (a page just loaded): no need to touch the DOM.
    if (this.step < 0 && this.controls.root.querySelector('.pw-stepping') === null) return;
    this.step = -1;
    for (const el of this.controls.root.querySelectorAll('.pw-current, .pw-done')) el.classList.remove('pw-current', 'pw-done');
    for (const el of this.controls.root.querySelectorAll('.pw-stepping')) el.classList.remove('pw-stepping');
    this.show();
  }
}

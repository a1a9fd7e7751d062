/**
 * The small script every page with a playground loads: it shows the toolbar,
 * turns several flows into tabs, drives the step-through, shares the scenario
 * and, only when Edit is pressed (or a shared link is opened), loads the
 * editor. Everything it needs after that comes from the lazily loaded
 * session module.
 */
import { setUpFlowTabs } from './flow-tabs';
import { decodeScenario, encodeScenario, readShareFragment, shareFragment } from './share-codec';
import { StepThrough } from './step-through';

/** What the editing session gives back to the page. */
export interface EditingSession {
  text(): string;
  reset(): void;
  revealLine(line: number): void;
  /** Replaces the text (a share link opened on this very page), as one edit that Undo takes back. */
  load(text: string): void;
}

interface Playground {
  readonly root: HTMLElement;
  readonly id: string;
  readonly results: HTMLElement;
  readonly stepper: StepThrough;
  flow: number;
  session?: Promise<EditingSession>;
}

function button(root: HTMLElement, action: string): HTMLButtonElement {
  return root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
}

function originalText(root: HTMLElement): string {
  return root.querySelector('[data-source] pre')?.textContent ?? '';
}

/** Called again whenever the results are replaced (after an edit). */
export function decorateResults(pg: Playground): void {
  setUpFlowTabs(pg.results, pg.id, pg.flow, (flow) => {
    pg.flow = flow;
    pg.stepper.reset();
  });
  pg.stepper.reset();
}

function startEditing(pg: Playground, text?: string): Promise<EditingSession> {
  if (pg.session) return pg.session;
  const edit = button(pg.root, 'edit');
  // Not disabled: a button disabled between pointerdown and pointerup would swallow the click.
  edit.textContent = 'Loading editor…';
  pg.session = import('../editor/session')
    .then(({ openEditor }) =>
      openEditor({
        root: pg.root,
        id: pg.id,
        file: pg.root.dataset.file ?? `${pg.id}.yaml`,
        original: originalText(pg.root),
        ...(text === undefined ? {} : { text }),
        onResults: () => {
          decorateResults(pg);
          void carryToFullPlayground(pg);
        },
      }),
    )
    .then((session) => {
      edit.textContent = 'Editing';
      button(pg.root, 'reset').hidden = false;
      return session;
    })
    .catch((error: unknown) => {
      edit.textContent = 'Edit';
      pg.session = undefined;
      status(pg.root, `The editor could not be loaded (${error instanceof Error ? error.message : String(error)}).`);
      throw error;
    });
  return pg.session;
}

/** "Open in the full playground" takes the edited scenario along. */
async function carryToFullPlayground(pg: Playground): Promise<void> {
  const full = pg.root.querySelector<HTMLAnchorElement>('[data-full-link]');
  if (!full || !pg.session) return;
  const data = await encodeScenario((await pg.session).text());
  full.hash = shareFragment(pg.root.dataset.scenario ?? pg.id, data);
}

function status(root: HTMLElement, message: string): void {
  const el = root.querySelector<HTMLElement>('[data-share-status]');
  if (el) el.textContent = message;
}

async function share(pg: Playground): Promise<void> {
  const text = pg.session ? (await pg.session).text() : originalText(pg.root);
  const fragment = shareFragment(pg.id, await encodeScenario(text));
  const link = new URL(location.href);
  link.hash = fragment;
  history.replaceState(null, '', link);
  let copied = false;
  try {
    await navigator.clipboard.writeText(link.href);
    copied = true;
  } catch {
    // Clipboard access can be refused; the address bar holds the link anyway.
  }
  status(pg.root, copied ? 'Link copied: it holds this scenario, as edited.' : 'The address bar now holds a link to this scenario, as edited.');
}

function setUp(root: HTMLElement): Playground {
  const id = root.dataset.id!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const pg: Playground = {
    root,
    id,
    results,
    flow: Number(root.dataset.flow ?? 1),
    stepper: new StepThrough({
      root: results,
      section: () => results.querySelector<HTMLElement>(':scope > .pw-flow:not([hidden])'),
      status: root.querySelector<HTMLElement>('[data-step-status]')!,
      play: button(root, 'play'),
    }),
  };
  root.querySelector<HTMLElement>('[data-toolbar]')!.hidden = false;
  decorateResults(pg);
  button(root, 'step').addEventListener('click', () => pg.stepper.forward());
  button(root, 'back').addEventListener('click', () => pg.stepper.back());
  button(root, 'play').addEventListener('click', () => pg.stepper.toggle());
  // The download starts as the button goes down, not when it comes back up: a click's worth sooner.
  button(root, 'edit').addEventListener('pointerdown', () => void startEditing(pg).catch(() => undefined));
  button(root, 'edit').addEventListener('click', () => void startEditing(pg).then((s) => s.revealLine(1)));
  button(root, 'reset').addEventListener('click', () => void pg.session?.then((s) => s.reset()));
  button(root, 'share').addEventListener('click', () => void share(pg));
  // A rule's link points into the source: unfold it first, or reveal the line in the editor.
  results.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a.pw-rule-link');
    if (!link) return;
    root.querySelector<HTMLDetailsElement>('[data-source-pane]')!.open = true;
    const line = Number(/-L(\d+)$/.exec(link.hash)?.[1]);
    if (pg.session && line) {
      event.preventDefault();
      void pg.session.then((s) => s.revealLine(line));
    }
  });
  return pg;
}

/** Lets the browser paint and handle input between two playgrounds' set-up: no long task on a post with many. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function initPlaygrounds(): Promise<void> {
  const playgrounds: Playground[] = [];
  for (const root of document.querySelectorAll<HTMLElement>('[data-playground]')) {
    playgrounds.push(setUp(root));
    await nextTask();
  }
  openSharedScenario(playgrounds);
  // A share link for this page pasted into the address bar changes only the fragment: no reload.
  window.addEventListener('hashchange', () => openSharedScenario(playgrounds));
}

/** The scenario of a share link (#edit=ID:DATA), into its playground's editor. */
function openSharedScenario(playgrounds: readonly Playground[]): void {
  const shared = readShareFragment(location.hash);
  const target = shared && playgrounds.find((pg) => pg.id === shared.id);
  if (!shared || !target) return;
  void decodeScenario(shared.data)
    .then(async (text) => {
      if (target.session) (await target.session).load(text);
      else await startEditing(target, text);
    })
    .then(() => target.root.scrollIntoView({ block: 'start' }))
    .catch(() => status(target.root, 'This link’s scenario could not be read; showing the original.'));
}

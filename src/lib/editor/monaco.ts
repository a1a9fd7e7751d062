/**
 * Monaco, slimmed: the editor API with only the contributions a scenario
 * editor needs, YAML highlighting, and monaco-yaml for completion, hover docs
 * and validation against the engine's JSON Schema. Left out, among others:
 * codeAction (the light bulb, ~28 KB gzip; monaco-yaml's quick fixes add
 * nothing a scenario needs), and every language but YAML.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';

export { monaco };

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: (_workerId, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

interface LegacyWorkerOptions {
  readonly label?: string;
  readonly moduleId?: string;
  readonly createData?: unknown;
  readonly host?: Record<string, (...args: unknown[]) => unknown>;
  readonly keepIdleModels?: boolean;
}

/**
 * monaco-yaml 5.5 (through monaco-worker-manager) asks for its worker in the
 * `{label, moduleId, createData}` form that monaco-editor 0.55+ no longer
 * accepts (remcohaszing/monaco-yaml#272): validation then silently does
 * nothing. This hands it a monaco whose createWebWorker starts the worker the
 * way monaco's own language workers do now: a first message to wake it, then
 * the creation data.
 */
function withLegacyWorkers(m: typeof monaco): typeof monaco {
  const createWebWorker = (options: LegacyWorkerOptions) => {
    const worker = YamlWorkerFor(options.label);
    worker.postMessage('ignore');
    worker.postMessage(options.createData);
    return m.editor.createWebWorker({ worker, ...(options.host ? { host: options.host } : {}), keepIdleModels: options.keepIdleModels ?? false });
  };
  return { ...m, editor: { ...m.editor, createWebWorker } } as unknown as typeof monaco;
}

function YamlWorkerFor(label: string | undefined): Worker {
  return window.MonacoEnvironment!.getWorker('workerMain.js', label ?? 'yaml');
}

/**
 * Written at build time by src/pages/scenario.schema.json.ts. The YAML worker
 * fetches it itself, off the main thread, while the editor starts.
 */
const SCENARIO_SCHEMA_URL = new URL(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}scenario.schema.json`, location.href).href;

configureMonacoYaml(withLegacyWorkers(monaco), {
  enableSchemaRequest: true,
  hover: true,
  completion: true,
  validate: true,
  format: { enable: false },
  schemas: [{ uri: SCENARIO_SCHEMA_URL, fileMatch: ['**/*.yaml'] }],
});

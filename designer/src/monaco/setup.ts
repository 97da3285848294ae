// Loads Monaco from the local bundle (never a CDN), wires its web workers through Vite, registers JSONata.
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { registerJsonata } from './jsonata-language';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

registerJsonata(monaco);

export { monaco };

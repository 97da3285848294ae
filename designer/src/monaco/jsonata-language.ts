// A small Monarch grammar so JSONata expressions get highlighting in Monaco.
import type * as Monaco from 'monaco-editor';

export const JSONATA_LANGUAGE = 'jsonata';

export function registerJsonata(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === JSONATA_LANGUAGE)) return;
  monaco.languages.register({ id: JSONATA_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(JSONATA_LANGUAGE, {
    keywords: ['and', 'or', 'in', 'function', 'true', 'false', 'null'],
    tokenizer: {
      root: [
        [/\/\*/, 'comment', '@comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/'([^'\\]|\\.)*'/, 'string'],
        [/`[^`]*`/, 'variable'],
        [/\$[a-zA-Z_][\w]*/, 'predefined'],
        [/\$/, 'predefined'],
        [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
        [/[a-zA-Z_][\w]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[{}()[\]]/, '@brackets'],
        [/:=|~>|!=|<=|>=|\.\.|[-+*/%&=<>?:.,;^|#@]/, 'operator'],
      ],
      comment: [
        [/\*\//, 'comment', '@pop'],
        [/./, 'comment'],
      ],
    },
  });
  monaco.languages.setLanguageConfiguration(JSONATA_LANGUAGE, {
    brackets: [['{', '}'], ['[', ']'], ['(', ')']],
    comments: { blockComment: ['/*', '*/'] },
  });
}

/**
 * The scenario text as one YAML document, read with a bound on its tokens:
 * what the yaml library's parseDocument does (lexer, parser, composer; a
 * second document is an error), except that lexing stops once the text has
 * more tokens than `maxTokens`, before the slow parts of reading a huge
 * document begin. Duplicate keys are left to duplicate-keys.ts.
 */
import { Composer, Lexer, Parser, YAMLParseError, type Document } from 'yaml';

export type BoundedDocument = { readonly doc: Document.Parsed } | { readonly tooManyTokens: { readonly offset: number } };

class TooManyTokens extends Error {
  constructor(readonly offset: number) {
    super('too many YAML tokens');
  }
}

function* cstTokens(parser: Parser, text: string, maxTokens: number) {
  let tokens = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++tokens > maxTokens) throw new TooManyTokens(parser.offset);
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

export function parseBoundedDocument(text: string, maxTokens: number): BoundedDocument {
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false });
  let doc: Document.Parsed | undefined;
  try {
    for (const next of composer.compose(cstTokens(new Parser(), text, maxTokens), true, text.length)) {
      if (!doc) {
        doc = next;
        continue;
      }
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  } catch (error) {
    if (error instanceof TooManyTokens) return { tooManyTokens: { offset: error.offset } };
    throw error;
  }
  // compose(…, true) always ends with a document, an empty one for empty text.
  return { doc: doc! };
}

/**
 * Reads Kubernetes YAML as people hand it over: many documents per file, `List` kinds (and `kubectl get -o yaml`
 * lists), the output of `helm template` (with its `# Source:` comments) or `kubectl kustomize`, JSON. Every object
 * keeps its file, document and line; a document that is not valid YAML is reported with its position and the
 * others are still read. Pure: text in, objects out. Nothing in the text is fetched or executed: custom tags stay
 * strings and aliases are bounded, so a crafted document cannot expand without limit.
 */
import { type Document, isMap, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

export interface SourceText {
  /** File name as the user gave it ("deploy/web.yaml", "-" for stdin, "pasted" in chat). */
  name: string;
  text: string;
}

export interface Position {
  line: number;
  column: number;
}

export type PathKey = string | number;

export interface ManifestObject {
  file: string;
  /** 1-based index of the YAML document in its file. */
  document: number;
  /** 0-based index in a List's items, when the object came from one. */
  item?: number;
  /** Where the object starts. */
  line: number;
  column: number;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** The chart template a `helm template` document came from (its `# Source:` comment). */
  helmSource?: string;
  value: Record<string, unknown>;
  /** The position of a path inside the object ("metadata", "annotations", key), when it is there. */
  locate(path: readonly PathKey[]): Position | undefined;
}

export const PROBLEM_CODES = ['yaml', 'aliases'] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface DocumentProblem {
  file: string;
  document: number;
  line: number;
  column: number;
  code: ProblemCode;
  /** The parser's own words, without its position suffix. */
  message: string;
  /** The document holds Go template syntax ({{ … }}): a chart's source, not `helm template` output. */
  helmTemplate?: boolean;
}

export interface ParsedManifests {
  objects: ManifestObject[];
  problems: DocumentProblem[];
  documents: number;
  /** Documents that parsed but hold no Kubernetes object (empty, a values file, a plain list). */
  skipped: number;
}

/** Aliases a document may use before it is refused (YAML bombs). */
const MAX_ALIASES = 100;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function helmSourceOf(text: string, doc: Document.Parsed): string | undefined {
  const end = doc.contents?.range[0] ?? doc.range[0];
  const head = text.slice(doc.range[0], end);
  return /#\s*Source:\s*(\S+)/.exec(head)?.[1];
}

function cleanMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Splits one file into its Kubernetes objects and the documents that could not be read. */
export function parseManifests(source: SourceText): ParsedManifests {
  const lines = new LineCounter();
  const out: ParsedManifests = { objects: [], problems: [], documents: 0, skipped: 0 };
  const parsed = parseAllDocuments(source.text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const pos = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  docs.forEach((doc, i) => {
    const number = i + 1;
    const empty = doc.contents === null;
    out.documents++;
    const error = doc.errors[0];
    if (error) {
      const body = source.text.slice(doc.range[0], doc.range[2]);
      out.problems.push({
        file: source.name,
        document: number,
        ...pos(error.pos[0]),
        code: 'yaml',
        message: cleanMessage(error.message),
        ...(/\{\{[-\s]/.test(body) ? { helmTemplate: true } : {}),
      });
      return;
    }
    if (empty) {
      out.skipped++;
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      out.problems.push({
        file: source.name,
        document: number,
        ...pos(doc.contents?.range[0] ?? doc.range[0]),
        code: 'aliases',
        message: cleanMessage((err as Error).message),
      });
      return;
    }
    const helmSource = helmSourceOf(source.text, doc);
    const objectAt = (v: unknown, prefix: PathKey[], item?: number): ManifestObject | undefined => {
      if (!isRecord(v)) return undefined;
      const apiVersion = str(v.apiVersion);
      const kind = str(v.kind);
      if (!apiVersion || !kind) return undefined;
      const metadata = isRecord(v.metadata) ? v.metadata : {};
      const node = prefix.length ? (doc.getIn(prefix, true) as Node | undefined) : (doc.contents as Node);
      const start = pos(node?.range?.[0] ?? doc.range[0]);
      const name = str(metadata.name) ?? str(metadata.generateName);
      const namespace = str(metadata.namespace);
      return {
        file: source.name,
        document: number,
        ...(item !== undefined ? { item } : {}),
        ...start,
        apiVersion,
        kind,
        ...(name ? { name } : {}),
        ...(namespace ? { namespace } : {}),
        ...(helmSource ? { helmSource } : {}),
        value: v,
        locate(path) {
          // The key of a map entry (where a person looks), or the item of a sequence.
          const last = path.at(-1);
          const parent = doc.getIn([...prefix, ...path.slice(0, -1)], true) as Node | undefined;
          if (isMap(parent) && last !== undefined) {
            const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
            const key = pair?.key as Node | undefined;
            if (key?.range) return pos(key.range[0]);
          }
          if (isSeq(parent) && typeof last === 'number') {
            const item = parent.items[last] as Node | undefined;
            if (item?.range) return pos(item.range[0]);
          }
          const found = doc.getIn([...prefix, ...path], true) as Node | undefined;
          return found?.range ? pos(found.range[0]) : undefined;
        },
      };
    };
    const top = objectAt(value, []);
    if (!top) {
      out.skipped++;
      return;
    }
    const items = top.value.items;
    const listNode = doc.getIn(['items'], true);
    if (top.kind.endsWith('List') && Array.isArray(items) && isSeq(listNode)) {
      let found = 0;
      items.forEach((it, j) => {
        const obj = objectAt(it, ['items', j], j);
        if (obj) {
          out.objects.push(obj);
          found++;
        }
      });
      if (found === 0 && items.length > 0) out.skipped++;
      return;
    }
    out.objects.push(top);
  });
  return out;
}

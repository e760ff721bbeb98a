/**
 * `k8sbot check [files|dirs|-] [--target 1.NN] [--from 1.NN] [-o text|json|markdown]`: the upgrade check for CI.
 * Exit codes are Pluto's (0 clean, 2 deprecated, 3 removed, 4 a way out not available in --from) so a pipeline
 * can use it unchanged; 1 for a usage error or input that could not be read when nothing else was found.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCheck, OUTPUT_FORMATS, type OutputFormat } from '../../bot/check/format.js';
import { Lang } from '../../bot/messages.js';
import { type Corpus, loadKnowledge } from '../../knowledge/load.js';
import { checkManifests, upgradeVersions } from '../../knowledge/upgrade/check.js';
import { readInputs } from './files.js';

export const CHECK_USAGE = `Usage: k8sbot check [files|dirs|-] [--target 1.NN] [--from 1.NN] [-o text|json|markdown]

  Checks Kubernetes manifests (many documents per file, List kinds, helm template or kubectl kustomize output;
  directories are read recursively for *.yaml, *.yml and *.json; - or no path reads stdin) against a release.

  --target 1.NN    the release to upgrade to (default: the newest release)
  --from 1.NN      the release running now: says whether each way out is already served there
  -o, --output     text (default), json or markdown
  --lang en|ja     the language of text and markdown output
  --ignore-deprecations, --ignore-removals, --ignore-unavailable-replacements   as in Pluto
  Pluto's spellings work too: -d/--directory DIR, -t/--target-versions k8s=v1.NN.0, -o normal|wide (= text)

Exit codes: 0 clean · 2 deprecated in the target · 3 removed in the target · 4 a replacement not served in --from ·
1 usage error, or input that could not be read (when nothing else was found).
`;

export interface CheckCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => string;
  stdinIsTty: boolean;
  /** The knowledge to check against (default: the synced bundle or the baseline, as every command reads it). */
  corpus?: () => Corpus;
}

const processIo: CheckCommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: () => readFileSync(0, 'utf8'),
  stdinIsTty: Boolean(process.stdin.isTTY),
};

function usageError(io: CheckCommandIo, message: string): number {
  io.stderr(`k8sbot check: ${message}\n\n${CHECK_USAGE}`);
  return 1;
}

export function checkCommand(argv: string[], io: CheckCommandIo = processIo): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    return usageError(io, (err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const format = (
    values.output === 'normal' || values.output === 'wide' ? 'text' : values.output
  ) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format))
    return usageError(io, `-o must be text, json or markdown, not "${format}"`);
  const lang = Lang.safeParse(values.lang);
  if (!lang.success) return usageError(io, `--lang must be "en" or "ja", not "${values.lang}"`);
  const given = [...(values.directory ?? []), ...positionals];
  const paths = given.length > 0 ? given : io.stdinIsTty ? [] : ['-'];
  const plutoTarget = values['target-versions']?.match(/(?:^|,)k8s=(v?1\.\d+(?:\.\d+)?)/)?.[1];
  if (values['target-versions'] !== undefined && !plutoTarget)
    return usageError(
      io,
      `--target-versions must name k8s, such as k8s=v1.29.0, not "${values['target-versions']}"`,
    );
  if (paths.length === 0) return usageError(io, 'give files, directories or - (stdin)');
  const corpus = io.corpus ? io.corpus() : loadKnowledge().corpus;
  const versions = upgradeVersions(corpus, {
    target: strip(values.target ?? plutoTarget),
    from: strip(values.from),
  });
  if (!versions.ok) {
    const known = `${corpus.releases[0]?.version} to ${corpus.releases.at(-1)?.version}`;
    return usageError(
      io,
      versions.problem === 'from-not-before-target'
        ? `--from ${versions.version} must be a release before the target`
        : `no Kubernetes ${versions.version} in the data (known: ${known})`,
    );
  }
  const inputs = readInputs(paths, io.stdin);
  const report = checkManifests(
    corpus,
    inputs.sources,
    {
      target: versions.target,
      from: versions.from,
      ignore: {
        deprecations: values['ignore-deprecations'],
        removals: values['ignore-removals'],
        unavailableReplacements: values['ignore-unavailable-replacements'],
      },
    },
    inputs.problems,
  );
  io.stdout(formatCheck(report, format, lang.data));
  return report.exitCode;
}

/** "v1.29.3" → "1.29" (what people copy from kubectl version). */
function strip(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^v?(1\.\d+)(?:\.\d+)?$/.exec(v.trim());
  return m ? `1.${Number((m[1] as string).slice(2))}` : v;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      from: { type: 'string' },
      // Pluto's spellings, so `pluto detect-files -d manifests -t k8s=v1.29.0` becomes `k8sbot check -d …` as is.
      directory: { type: 'string', short: 'd', multiple: true },
      'target-versions': { type: 'string', short: 't' },
      output: { type: 'string', short: 'o', default: 'text' },
      lang: { type: 'string', default: 'en' },
      'ignore-deprecations': { type: 'boolean', default: false },
      'ignore-removals': { type: 'boolean', default: false },
      'ignore-unavailable-replacements': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/**
 * A description for a feature nobody has written a card for yet, made from its facts in the reader's language:
 * what it is (its KEP's title, its SIG), how far it got and when, which gate controls it, and what its KEP's
 * status means. Sentences are built from the message catalog, never taken from upstream text.
 */
import type { Feature, Stage } from '../../knowledge/schema.js';
import { compareStages } from '../../knowledge/versions.js';
import type { ViewContext } from './context.js';

const SIG_NAMES: Record<string, string> = {
  'sig-api-machinery': 'SIG API Machinery',
  'sig-apps': 'SIG Apps',
  'sig-architecture': 'SIG Architecture',
  'sig-auth': 'SIG Auth',
  'sig-autoscaling': 'SIG Autoscaling',
  'sig-cli': 'SIG CLI',
  'sig-cloud-provider': 'SIG Cloud Provider',
  'sig-cluster-lifecycle': 'SIG Cluster Lifecycle',
  'sig-contributor-experience': 'SIG Contributor Experience',
  'sig-docs': 'SIG Docs',
  'sig-instrumentation': 'SIG Instrumentation',
  'sig-k8s-infra': 'SIG K8s Infra',
  'sig-multicluster': 'SIG Multicluster',
  'sig-network': 'SIG Network',
  'sig-node': 'SIG Node',
  'sig-release': 'SIG Release',
  'sig-scalability': 'SIG Scalability',
  'sig-scheduling': 'SIG Scheduling',
  'sig-security': 'SIG Security',
  'sig-storage': 'SIG Storage',
  'sig-testing': 'SIG Testing',
  'sig-ui': 'SIG UI',
  'sig-windows': 'SIG Windows',
};

export function sigName(sig: string | null): string | null {
  if (!sig) return null;
  return (
    SIG_NAMES[sig] ?? sig.replace(/^sig-/, 'SIG ').replace(/-(\w)/g, (_, c: string) => ` ${c.toUpperCase()}`)
  );
}

/** "CronJobTimeZone" → "Cron job time zone"; a KEP title is kept as written. */
function readable(feature: Feature): string {
  if (feature.origin !== 'gate') return feature.name;
  const words = feature.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return (
    words.charAt(0) +
    words
      .slice(1)
      .toLowerCase()
      .replace(/\b(api|cpu|csi|dns|ip|ipv4|ipv6|kms|pvc|pv|tls|uid|gc|lb|numa|cri|oci|crd)\b/g, (w) =>
        w.toUpperCase(),
      )
  );
}

export function describeFeature(feature: Feature, ctx: ViewContext): string {
  const d = ctx.m.describe;
  const history = feature.stages.filter((s) => !s.appliesTo && !s.unconfirmed).sort(compareStages);
  const happened = history.filter((s) => !s.planned);
  const planned = history.filter((s) => s.planned);
  const steps = (rows: Stage[]) =>
    ctx.m.list(
      rows.map((s) =>
        d.step(
          ctx.m.stage[s.stage],
          s.version,
          s.stage === 'beta' || s.stage === 'alpha' ? s.enabledByDefault : undefined,
        ),
      ),
    );
  const kep = feature.keps[0];
  const sentences: string[] = [];
  if (feature.origin === 'gate') sentences.push(d.gateIntro(feature.name, readable(feature)));
  else if (feature.origin === 'core') sentences.push(d.coreIntro(feature.name));
  else sentences.push(d.kepIntro(feature.name, kep ?? null, sigName(feature.sig)));
  if (happened.length > 0) sentences.push(d.history(steps(happened)));
  else if (!planned.length) sentences.push(d.noHistory);
  if (planned.length > 0) sentences.push(d.plans(steps(planned)));
  const primary = feature.gates.find((g) => g.primary);
  if (primary && feature.origin !== 'gate') sentences.push(d.gate(primary.name, feature.gates.length - 1));
  const status = feature.status;
  if (status === 'withdrawn' || status === 'rejected')
    sentences.push(d.withdrawn(ctx.m.kepStatus[status] ?? status));
  else if (status === 'replaced' || status === 'superseded') sentences.push(d.replaced);
  else if (status === 'deferred') sentences.push(d.deferred);
  return sentences.join(ctx.lang === 'ja' ? '' : ' ');
}

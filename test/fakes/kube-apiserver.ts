/**
 * A kube-apiserver on 127.0.0.1 for the cluster mode: /version, discovery (/api, /apis, /api/v1, /apis/g/v),
 * paginated list endpoints that answer metadata-only lists, /metrics in the Prometheus text format, bearer-token
 * authentication, and lists that can be made forbidden. It records every request (and refuses any verb but GET).
 */
import { createServer, type Server } from 'node:http';

export interface FakeObject {
  name: string;
  namespace?: string;
  lastApplied?: string;
  managed?: Array<{ apiVersion: string; manager: string }>;
}

export interface FakeResource {
  name: string;
  kind: string;
  namespaced: boolean;
  objects?: FakeObject[];
}

export class KubeApiFake {
  readonly requests: Array<{
    method: string;
    path: string;
    accept: string;
    authorization: string | undefined;
  }> = [];
  version = { major: '1', minor: '24+', gitVersion: 'v1.24.17-eks-1', platform: 'linux/amd64' };
  /** group/version → resources ("v1" is the core group). */
  readonly groups = new Map<string, FakeResource[]>();
  /** Preferred version of each group (default: the first one added). */
  readonly preferred = new Map<string, string>();
  /** Paths answered 403 with a Status, as RBAC does. */
  readonly forbidden = new Set<string>();
  metrics = '';
  pageSize = 2;
  private server: Server | undefined;
  url = '';

  constructor(readonly token: string) {}

  serve(groupVersion: string, resources: FakeResource[]): this {
    this.groups.set(groupVersion, resources);
    const group = groupVersion.includes('/') ? (groupVersion.split('/')[0] as string) : 'core';
    if (!this.preferred.has(group)) this.preferred.set(group, groupVersion);
    return this;
  }

  private answer(path: string, query: URLSearchParams): { status: number; body: unknown; text?: string } {
    if (path === '/version') return { status: 200, body: this.version };
    if (path === '/metrics') return { status: 200, body: null, text: this.metrics };
    if (path === '/api')
      return { status: 200, body: { kind: 'APIVersions', versions: this.groups.has('v1') ? ['v1'] : [] } };
    if (path === '/apis') {
      const byGroup = new Map<string, string[]>();
      for (const gv of this.groups.keys()) {
        if (!gv.includes('/')) continue;
        const g = gv.split('/')[0] as string;
        byGroup.set(g, [...(byGroup.get(g) ?? []), gv]);
      }
      return {
        status: 200,
        body: {
          kind: 'APIGroupList',
          groups: [...byGroup.entries()].map(([name, gvs]) => ({
            name,
            versions: gvs.map((groupVersion) => ({ groupVersion, version: groupVersion.split('/')[1] })),
            preferredVersion: {
              groupVersion: this.preferred.get(name),
              version: this.preferred.get(name)?.split('/')[1],
            },
          })),
        },
      };
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
    if (discovery) {
      const gv = (discovery[1] ?? discovery[2]) as string;
      const resources = this.groups.get(gv);
      if (!resources) return { status: 404, body: { kind: 'Status', message: 'not found' } };
      return {
        status: 200,
        body: {
          kind: 'APIResourceList',
          groupVersion: gv,
          resources: resources.map((r) => ({
            name: r.name,
            kind: r.kind,
            namespaced: r.namespaced,
            verbs: ['get', 'list', 'watch', 'create', 'delete'],
          })),
        },
      };
    }
    const list = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/([^/]+)$/.exec(path);
    if (list) {
      const gv = (list[1] ?? list[2]) as string;
      const resource = this.groups.get(gv)?.find((r) => r.name === list[3]);
      if (!resource) return { status: 404, body: { kind: 'Status', message: 'not found' } };
      const objects = resource.objects ?? [];
      const start = Number(query.get('continue') ?? 0);
      const limit = Math.min(Number(query.get('limit') ?? 500), this.pageSize);
      const page = objects.slice(start, start + limit);
      const more = start + limit < objects.length;
      return {
        status: 200,
        body: {
          kind: 'PartialObjectMetadataList',
          apiVersion: 'meta.k8s.io/v1',
          metadata: more ? { continue: String(start + limit) } : {},
          items: page.map((o) => ({
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: {
              name: o.name,
              ...(o.namespace ? { namespace: o.namespace } : {}),
              ...(o.lastApplied
                ? {
                    annotations: {
                      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
                        apiVersion: o.lastApplied,
                        kind: resource.kind,
                        metadata: { name: o.name },
                      }),
                    },
                  }
                : {}),
              managedFields: (o.managed ?? []).map((m) => ({
                ...m,
                operation: 'Update',
                fieldsType: 'FieldsV1',
              })),
            },
          })),
        },
      };
    }
    return { status: 404, body: { kind: 'Status', message: `the server could not find ${path}` } };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const authorization = req.headers.authorization;
      this.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        accept: String(req.headers.accept ?? ''),
        authorization,
      });
      const send = (status: number, body: unknown, text?: string) => {
        res.writeHead(status, {
          'content-type': text !== undefined ? 'text/plain; version=0.0.4' : 'application/json',
        });
        res.end(text ?? JSON.stringify(body));
      };
      if (req.method !== 'GET') return send(405, { kind: 'Status', message: 'read-only fake' });
      if (authorization !== `Bearer ${this.token}`)
        return send(401, { kind: 'Status', message: 'Unauthorized' });
      if (this.forbidden.has(url.pathname))
        return send(403, {
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          message: `${url.pathname.split('/').at(-1)} is forbidden: User "system:serviceaccount:k8sbot:k8sbot" cannot list resource "${url.pathname.split('/').at(-1)}" at the cluster scope`,
        });
      const a = this.answer(url.pathname, url.searchParams);
      send(a.status, a.body, a.text);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A kubeconfig with one context per server (token auth; plain HTTP to the fake, so TLS verification is off). */
export function kubeconfig(
  contexts: Array<{ name: string; server: string; token: string }>,
  current?: string,
): string {
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current ?? contexts[0]?.name}`,
    'clusters:',
  ];
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}`,
      '  cluster:',
      `    server: ${c.server}`,
      '    insecure-skip-tls-verify: true',
    );
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}-user`, '  user:', `    token: ${c.token}`);
  lines.push('contexts:');
  for (const c of contexts)
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}-user`);
  return `${lines.join('\n')}\n`;
}

/**
 * What GET /readyz answers: ready only while every registered check passes — the knowledge is loaded, the store
 * takes a write, each configured platform is connected, and the process is not shutting down. Checks are cheap
 * reads of state kept up to date elsewhere (the store probe pings in the background), so a probe never waits.
 */
export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

export class Readiness {
  private readonly checks = new Map<string, () => ReadinessCheck>();

  add(name: string, check: () => ReadinessCheck): void {
    this.checks.set(name, check);
  }

  report(): ReadinessReport {
    const checks: Record<string, ReadinessCheck> = {};
    let ready = true;
    for (const [name, check] of this.checks) {
      let result: ReadinessCheck;
      try {
        result = check();
      } catch (err) {
        result = { ok: false, detail: (err as Error)?.message ?? String(err) };
      }
      checks[name] = result;
      ready &&= result.ok;
    }
    return { ready, checks };
  }
}

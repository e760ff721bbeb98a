/** The sync interval setting (K8SBOT_SYNC_INTERVAL). */
/** "6h", "30m", "1d", "90" (minutes) → ms; "off", "0", "false", "never" → null. */
export function parseInterval(value: string | undefined, fallbackMs = 6 * 3_600_000): number | null {
  if (value === undefined || value.trim() === '') return fallbackMs;
  const v = value.trim().toLowerCase();
  if (['off', '0', 'false', 'never', 'no'].includes(v)) return null;
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)?$/.exec(v);
  if (!m) throw new Error(`"${value}" is not an interval (write 6h, 30m, 1d, or off)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'm';
  const ms = n * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
  if (ms < 60_000) throw new Error('the sync interval must be at least one minute');
  return ms;
}

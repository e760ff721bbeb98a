/** Bolt's InstallationStore on the bot's Store: one row per workspace (or per organization for org-wide installs). */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Store } from '../storage/port.js';
import type { SlackInstallationKey } from '../storage/types.js';

function keyOf(q: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): SlackInstallationKey {
  return {
    teamId: q.teamId ?? null,
    enterpriseId: q.enterpriseId ?? null,
    isEnterpriseInstall: Boolean(q.isEnterpriseInstall),
  };
}

export class StoreInstallationStore implements InstallationStore {
  constructor(
    private readonly store: Pick<
      Store,
      'saveSlackInstallation' | 'getSlackInstallation' | 'deleteSlackInstallation'
    >,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOf({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
    await this.store.saveSlackInstallation(key, installation, this.clock());
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = await this.store.getSlackInstallation(keyOf(query));
    if (!found)
      throw new Error(
        `no Slack installation for ${query.isEnterpriseInstall ? 'this organization' : 'this workspace'}`,
      );
    return found as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.store.deleteSlackInstallation(keyOf(query));
  }
}

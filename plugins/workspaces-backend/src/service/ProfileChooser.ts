import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { quote } from '@internal/backend-route-kit';
import {
  canUseProfile,
  profileResources,
  resolveOptions,
  type ProfileResources,
  type WorkspaceProfile,
} from '@internal/plugin-workspaces-common';
import { groupsOf, type Caller } from './caller';

/** The configured profiles as a caller sees them: the ones they may use. */
export class ProfileChooser {
  constructor(private readonly profiles: WorkspaceProfile[]) {}

  /** Whether the caller may use a profile (Nebari's access, users, groups). */
  private mayUse(caller: Caller, profile: WorkspaceProfile): boolean {
    return canUseProfile(profile, {
      name: parseEntityRef(caller.userEntityRef).name,
      groups: groupsOf(caller).map(ref => parseEntityRef(ref).name),
    });
  }

  profilesFor(
    caller: Caller,
  ): (WorkspaceProfile & { resources: ProfileResources })[] {
    // Who else may use a profile is not the caller's business: users and groups stay here.
    return this.profiles
      .filter(p => this.mayUse(caller, p))
      .map(({ users: _users, groups: _groups, ...p }) => ({
        ...p,
        resources: profileResources(p, resolveOptions(p)),
      }));
  }

  /**
   * The profile `slug` with the chosen options resolved and what it holds: a 400 for
   * an unknown profile or a wrong option, a 403 for a profile not for the caller.
   */
  choose(caller: Caller, slug: string, chosen?: Record<string, string>) {
    const profile = this.profiles.find(p => p.slug === slug);
    if (!profile) {
      const known = this.profiles
        .filter(p => this.mayUse(caller, p))
        .map(p => p.slug);
      throw new InputError(
        `There is no profile ${quote(slug)}: choose one of ${
          known.join(', ') || '(none)'
        }`,
      );
    }
    if (!this.mayUse(caller, profile)) {
      throw new NotAllowedError(
        `Profile '${profile.display_name}' is not available to you: ask an admin for access or choose another profile`,
      );
    }
    let options: Record<string, string>;
    try {
      options = resolveOptions(profile, chosen);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    return { profile, options, resources: profileResources(profile, options) };
  }
}

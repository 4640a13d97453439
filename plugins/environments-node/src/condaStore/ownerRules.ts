import type { Config } from '@backstage/config';

/** Who owns conda-store's namespaces that are not named like a group. @public */
export interface CondaStoreOwnerRules {
  /** The owner of `global` (default `group:default/platform-ops`). */
  platformOwner: string;
  /** Namespace -> owner entity ref (a person's namespace, a renamed team). */
  namespaceOwners: Record<string, string>;
}

/**
 * `environments.condaStore.platformOwner` and `.namespaceOwners`, read once the same way
 * for the catalog provider (who owns an environment) and the scaffolder action (who may
 * write a namespace).
 * @public
 */
export function readCondaStoreOwnerRules(config: Config): CondaStoreOwnerRules {
  const condaStore = config.getOptionalConfig('environments.condaStore');
  return {
    platformOwner:
      condaStore?.getOptionalString('platformOwner') ??
      'group:default/platform-ops',
    namespaceOwners:
      (condaStore?.getOptional('namespaceOwners') as
        | Record<string, string>
        | undefined) ?? {},
  };
}

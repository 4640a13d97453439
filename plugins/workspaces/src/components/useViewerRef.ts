import { useEffect, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';

/** The signed-in user's entity ref once known; only looked up when `needed`. */
export function useViewerRef(needed: boolean): string | undefined {
  const identityApi = useApi(identityApiRef);
  const [viewerRef, setViewerRef] = useState<string>();
  useEffect(() => {
    if (!needed) return undefined;
    let current = true;
    identityApi.getBackstageIdentity().then(identity => {
      if (current) setViewerRef(identity.userEntityRef);
    });
    return () => {
      current = false;
    };
  }, [identityApi, needed]);
  return needed ? viewerRef : undefined;
}

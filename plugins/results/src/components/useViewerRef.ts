import { useEffect, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';

/** The signed-in person's user entity ref, once known. */
export function useViewerRef(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const [viewerRef, setViewerRef] = useState<string>();
  useEffect(() => {
    let current = true;
    identityApi.getBackstageIdentity().then(identity => {
      if (current) setViewerRef(identity.userEntityRef);
    });
    return () => {
      current = false;
    };
  }, [identityApi]);
  return viewerRef;
}

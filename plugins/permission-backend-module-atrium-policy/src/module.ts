import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { rolesServiceRef } from '@internal/plugin-roles-node';
import { AtriumPermissionPolicy } from './AtriumPermissionPolicy';

/** Installs {@link AtriumPermissionPolicy} as the permission backend's policy. @public */
export const atriumPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'atrium-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        roles: rolesServiceRef,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, roles, userInfo, logger }) {
        policy.setPolicy(
          new AtriumPermissionPolicy({ roles, userInfo, logger }),
        );
      },
    });
  },
});

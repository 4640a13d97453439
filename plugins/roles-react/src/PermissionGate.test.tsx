import { screen } from '@testing-library/react';
import { createPermission } from '@backstage/plugin-permission-common';
import { renderSettled } from '@internal/frontend-kit/testUtils';
import { PermissionGate } from './PermissionGate';
import { RequireRole } from './RequireRole';
import { mockPermissionApi, signedInAs } from './testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';

const readPermission = createPermission({
  name: 'atrium.test.read',
  attributes: { action: 'read' },
});

function renderGate(
  role: 'admin' | 'devops' | 'data-scientist',
  allowed: (typeof readPermission)[] = [],
) {
  return renderSettled(
    <PermissionGate permission={readPermission} roles={['admin', 'devops']}>
      <p>the guarded page</p>
    </PermissionGate>,
    { apis: [...signedInAs(role, { allowed })] },
  );
}

describe('PermissionGate', () => {
  it('shows its children to a user the permission allows, whatever the role', async () => {
    await renderGate('data-scientist', [readPermission]);
    expect(await screen.findByText('the guarded page')).toBeInTheDocument();
  });

  it('tells a refused user who the page is for and which role they hold', async () => {
    await renderGate('data-scientist');
    expect(
      await screen.findByText('This page is for platform admins and DevOps'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^You are signed in as a data scientist\./),
    ).toBeInTheDocument();
    expect(screen.queryByText('the guarded page')).toBeNull();
  });

  it('asks the permission API with the permission given, not the role', async () => {
    const authorize = jest.fn(mockPermissionApi('admin').authorize);
    await renderSettled(
      <PermissionGate permission={readPermission} roles={['admin']}>
        <p>the guarded page</p>
      </PermissionGate>,
      {
        apis: [signedInAs('admin')[0], [permissionApiRef, { authorize }]],
      },
    );
    expect(await screen.findByText('the guarded page')).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'atrium.test.read' }),
      }),
    );
  });
});

describe('RequireRole', () => {
  it('shows its children to the roles given only', async () => {
    await renderSettled(
      <RequireRole roles={['devops']}>
        <p>operators only</p>
      </RequireRole>,
      { apis: [...signedInAs('devops')] },
    );
    expect(await screen.findByText('operators only')).toBeInTheDocument();
  });
});

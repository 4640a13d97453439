import { tableOptions } from './tableOptions';

describe('tableOptions', () => {
  it('turns column dragging off and keeps what the table asks for', () => {
    expect(tableOptions({ paging: true, pageSize: 50 })).toEqual({
      draggable: false,
      padding: 'dense',
      paging: true,
      pageSize: 50,
    });
  });

  it('lets a table choose its own padding', () => {
    expect(tableOptions({ padding: 'default' }).padding).toBe('default');
  });
});

import { csvCell, csvRow } from './csv';

describe('csvCell', () => {
  it('writes plain text, numbers and booleans as they are', () => {
    expect(csvCell('team-vision')).toBe('team-vision');
    expect(csvCell('Computer vision team')).toBe('Computer vision team');
    expect(csvCell(0.204)).toBe('0.204');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(true)).toBe('true');
  });

  it('writes nothing for missing values and for numbers a spreadsheet cannot read', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes text holding a separator, a quote, a line break or a tab', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])(
    'neutralises text a spreadsheet would run as a formula: %j',
    (text, cell) => {
      expect(csvCell(text)).toBe(cell);
    },
  );

  it('keeps negative numbers numeric, but neutralises the same digits given as text', () => {
    // Amounts are written as numbers: a refund of -1.5 stays a number a sheet can sum.
    expect(csvCell(-1.5)).toBe('-1.5');
    // Text is never trusted to be a number: "-1.5" could as well be "-1.5+cmd|...".
    expect(csvCell('-1.5')).toBe(`"'-1.5"`);
  });

  it('writes objects as JSON, quoted and neutralised like any text', () => {
    expect(csvCell({ role: 'admin', subject: 'ada' })).toBe(
      '"{""role"":""admin"",""subject"":""ada""}"',
    );
    expect(csvCell(['=1+1'])).toBe('"[""=1+1""]"');
  });
});

describe('csvRow', () => {
  it('joins the cells of one row and ends it with a line break', () => {
    expect(
      csvRow(['2026-11-01', 'group:default/team-vision', '=cmd', -3, 1.25]),
    ).toBe(`2026-11-01,group:default/team-vision,"'=cmd",-3,1.25\n`);
  });

  it('writes a header row like any other', () => {
    expect(csvRow(['date', 'key', 'label'])).toBe('date,key,label\n');
  });
});

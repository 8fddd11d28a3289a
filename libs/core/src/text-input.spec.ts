import { AppException } from './errors/app.exception';
import { cleanTextInput } from './text-input';

const refusal = (value: unknown): unknown => {
  try {
    cleanTextInput(value, '');
  } catch (error) {
    return error instanceof AppException ? { code: error.code, field: error.details.field } : error;
  }
  return 'accepted';
};

describe('cleanTextInput', () => {
  it('refuses NUL and every other control character except tab and newline, naming the field', () => {
    expect(refusal({ input: { title: 'a\u0000b' } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.title',
    });
    expect(refusal({ body: 'x\u001b[31m' })).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(refusal({ filter: { search: '\u007f' } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'filter.search',
    });
    expect(refusal({ input: { tags: ['ok', 'b\u0085'] } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.tags.1',
    });
    expect(refusal({ note: 'lone \r carriage return' })).toEqual({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(refusal({ body: 'tab\there\nnew line' })).toBe('accepted');
  });

  it('trims every string the same way, turns CRLF into LF, and keeps passwords verbatim', () => {
    const args = {
      body: '   ',
      input: { title: '  Tiêu đề  ', lines: ['  a\r\nb  '] },
      password: '  secret  ',
      newPassword: ' x ',
      at: new Date(0),
      count: 3,
    };
    cleanTextInput(args, '');
    expect(args).toEqual({
      body: '',
      input: { title: 'Tiêu đề', lines: ['a\nb'] },
      password: '  secret  ',
      newPassword: ' x ',
      at: new Date(0),
      count: 3,
    });
  });
});

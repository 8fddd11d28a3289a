import { normaliseForSearch, searchTextAfterCode } from './search-text';

describe('normaliseForSearch', () => {
  it.each([
    ['Sự cố máy chủ', 'su co may chu'],
    ['ĐỘT NHẬP   hệ thống', 'dot nhap he thong'],
    ['Tấn công từ chối dịch vụ (DDoS)', 'tan cong tu choi dich vu (ddos)'],
    ['Cổng thông tin điện tử', 'cong thong tin dien tu'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseForSearch(input)).toBe(expected);
  });
});

describe('searchTextAfterCode', () => {
  it.each([
    ['STTTT-2026-', '000123', 'Sự cố máy chủ  Mô tả  '],
    ['SYT-2026-', '1234567', 'ĐỘT NHẬP hệ thống \t Cổng thông tin'],
    ['X-2026-', '000001', '   '],
    ['X-2026-', '000001', '\u0301\u0300 chỉ dấu'],
  ])('%s%s + "%s" is what normaliseForSearch gives for the whole text', (head, digits, rest) => {
    expect(normaliseForSearch(head) + digits + searchTextAfterCode(rest)).toBe(
      normaliseForSearch(`${head}${digits} ${rest}`),
    );
  });
});

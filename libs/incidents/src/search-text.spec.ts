import { normaliseForSearch } from './search-text';

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

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkOrganizationCode,
  checkResidentIdNumber,
  checkUnifiedSocialCreditCode,
  normalizeCode,
  organizationCodeCheckChar,
  residentIdCheckChar,
  unifiedSocialCreditCodeCheckChar,
} from './identifiers.ts';

describe('normalizeCode', () => {
  it('trims, removes spaces, upper-cases and converts full-width characters', () => {
    assert.equal(normalizeCode('  ９１３３ ０１００７９９６５５０５８ｂ\u3000'), '91330100799655058B');
    assert.equal(normalizeCode('11010519491231002x'), '11010519491231002X');
  });
  it('removes the hyphen before the check character of a 组织机构代码 (ASCII or full-width)', () => {
    assert.equal(normalizeCode('00001434-9'), '000014349');
    assert.equal(normalizeCode('00001434－9'), '000014349');
    assert.equal(normalizeCode('70846113 - 6'), '708461136');
  });
  it('keeps hyphens anywhere else so the check can report them', () => {
    assert.equal(normalizeCode('0000-14349'), '0000-14349');
    assert.equal(normalizeCode('913301-00799655058B'), '913301-00799655058B');
  });
});

describe('checkOrganizationCode (GB 11714)', () => {
  it('accepts the public code of 国务院办公厅, with or without hyphen', () => {
    assert.equal(checkOrganizationCode('000014349'), null);
    assert.equal(checkOrganizationCode('00001434-9'), null);
    assert.equal(checkOrganizationCode(' 00001434－9 '), null);
  });
  it('accepts codes embedded in well-known 统一社会信用代码', () => {
    assert.equal(checkOrganizationCode('79965505-8'), null); // 阿里巴巴（中国）有限公司
    assert.equal(organizationCodeCheckChar('71526726'), 'X'); // 腾讯科技（深圳）有限公司: 71526726-X
    assert.equal(checkOrganizationCode('71526726-x'), null);
  });
  it('maps check value 11 to "0"', () => {
    // body whose weighted sum is divisible by 11 → check 11 → '0'
    const body = '00000000';
    assert.equal(organizationCodeCheckChar(body), '0');
    assert.equal(checkOrganizationCode('000000000'), null);
  });
  it('reports a wrong check character', () => {
    assert.equal(
      checkOrganizationCode('000014348'),
      '组织机构代码校验不通过：第9位校验码与前8位不符，请逐位核对是否有输入错误。',
    );
  });
  it('reports empty input, length, bad characters and misplaced hyphens', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['  ', '请填写组织机构代码。'],
      ['00001434', '组织机构代码应为9位，当前为8位。'],
      ['0000143#9', '组织机构代码第8位“#”无效：本体代码只能使用数字0-9和大写字母A-Z。'],
      ['00001434Y', '组织机构代码第9位（校验码）“Y”无效：校验码只能是数字0-9或字母X。'],
      ['0000-14349', '组织机构代码中的连字符“-”只能位于第8位与校验码之间（如“00001434-9”）。'],
    ];
    for (const [input, message] of cases) assert.equal(checkOrganizationCode(input), message, input);
  });
});

describe('checkUnifiedSocialCreditCode (GB 32100)', () => {
  const wellKnown = [
    '91330100799655058B', // 阿里巴巴（中国）有限公司
    '9144030071526726XG', // 腾讯科技（深圳）有限公司
    '914403001922038216', // 华为技术有限公司
    '91440300708461136T', // 深圳市腾讯计算机系统有限公司
    '91110108551385082Q', // 北京小米科技有限责任公司
  ];
  for (const code of wellKnown) {
    it(`accepts the public code ${code}`, () => assert.equal(checkUnifiedSocialCreditCode(code), null));
  }
  it('accepts a code constructed from 国务院办公厅 000014349 (机构编制/机关, 区划 100000)', () => {
    const first17 = '11100000000014349';
    assert.equal(unifiedSocialCreditCodeCheckChar(first17), '8');
    assert.equal(checkUnifiedSocialCreditCode(`${first17}8`), null);
  });
  it('accepts lower case and full-width input', () => {
    assert.equal(checkUnifiedSocialCreditCode('９１３３０１００７９９６５５０５８ｂ'), null);
    assert.equal(checkUnifiedSocialCreditCode('9144030071526726xg'), null);
  });
  it('maps check value 31 to "0"', () => {
    // Search a body whose weighted sum is divisible by 31 to exercise the mod-31 wrap.
    let found = '';
    for (let n = 0; n < 100000 && found === ''; n++) {
      const org8 = String(n).padStart(8, '0');
      const first17 = `91110000${org8}${organizationCodeCheckChar(org8)}`;
      if (unifiedSocialCreditCodeCheckChar(first17) === '0') found = `${first17}0`;
    }
    assert.notEqual(found, '');
    assert.equal(checkUnifiedSocialCreditCode(found), null);
  });
  it('reports a wrong check character', () => {
    assert.equal(
      checkUnifiedSocialCreditCode('91330100799655058C'),
      '统一社会信用代码校验不通过：第18位校验码与前17位不符，请逐位核对是否有输入错误。',
    );
  });
  it('reports a transposition that keeps the embedded 组织机构代码 valid but breaks the check character', () => {
    // swapping positions 3 and 4 (administrative division) does not touch positions 9–17
    assert.match(checkUnifiedSocialCreditCode('91303100799655058B') ?? '', /第18位校验码/);
  });
  it('reports an invalid embedded 组织机构代码', () => {
    assert.equal(
      checkUnifiedSocialCreditCode('91330100799655050B'),
      '统一社会信用代码第9至17位（组织机构代码“799655050”）校验不通过，请逐位核对是否有输入错误。',
    );
  });
  it('reports letters outside the 31-character alphabet with a hint', () => {
    assert.equal(
      checkUnifiedSocialCreditCode('9133010079965505OB'),
      '统一社会信用代码第17位“O”无效：只能使用数字0-9和大写字母（不含I、O、Z、S、V）' +
        '（不使用字母I、O、Z、S、V，请核对是否为数字1、0、2、5或字母U）。',
    );
    assert.equal(
      checkUnifiedSocialCreditCode('91330100799655058*'),
      '统一社会信用代码第18位“*”无效：只能使用数字0-9和大写字母（不含I、O、Z、S、V）。',
    );
  });
  it('reports a non-numeric administrative division code', () => {
    assert.equal(
      checkUnifiedSocialCreditCode('9133A100799655058B'),
      '统一社会信用代码第3至8位（登记管理机关行政区划码）应为6位数字，当前为“33A100”。',
    );
  });
  it('reports length, empty input, hyphens and a 9-digit 组织机构代码 given instead', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['', '请填写统一社会信用代码。'],
      ['91330100799655058', '统一社会信用代码应为18位，当前为17位。'],
      ['91330100799655058BB', '统一社会信用代码应为18位，当前为19位。'],
      ['00001434-9', '统一社会信用代码应为18位；填写的是9位组织机构代码，请填写统一社会信用代码。'],
      [
        '913301-00799655058',
        '统一社会信用代码第7位“-”无效：只能使用数字0-9和大写字母（不含I、O、Z、S、V）。',
      ],
    ];
    for (const [input, message] of cases) assert.equal(checkUnifiedSocialCreditCode(input), message, input);
  });
  it('rejects every single-character substitution of a valid code', () => {
    const valid = '91330100799655058B';
    for (let i = 0; i < valid.length; i++) {
      for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
        if (c === valid[i]) continue;
        const mutated = valid.slice(0, i) + c + valid.slice(i + 1);
        assert.notEqual(checkUnifiedSocialCreditCode(mutated), null, mutated);
      }
    }
  });
});

describe('checkResidentIdNumber (GB 11643)', () => {
  it('accepts the examples of GB 11643-1999', () => {
    assert.equal(checkResidentIdNumber('11010519491231002X'), null);
    assert.equal(checkResidentIdNumber('440524188001010014'), null);
  });
  it('accepts computed examples, lower-case x and a 29 February of a leap year', () => {
    assert.equal(residentIdCheckChar('11010119900307803'), 'X');
    assert.equal(checkResidentIdNumber('11010119900307803x', '2025-01-01'), null);
    const first17 = '32010620000229001';
    assert.equal(checkResidentIdNumber(first17 + residentIdCheckChar(first17)), null);
  });
  it('reports a wrong check character', () => {
    assert.equal(
      checkResidentIdNumber('110105194912310021'),
      '居民身份证号码校验不通过：第18位校验码与前17位不符，请逐位核对是否有输入错误。',
    );
  });
  it('reports impossible and future birth dates', () => {
    const feb29 = '32010619000229001'; // 1900 is not a leap year
    assert.equal(
      checkResidentIdNumber(feb29 + residentIdCheckChar(feb29)),
      '居民身份证号码第7至14位出生日期“19000229”不是有效日期。',
    );
    const month13 = '32010619851310001';
    assert.match(
      checkResidentIdNumber(month13 + residentIdCheckChar(month13)) ?? '',
      /“19851310”不是有效日期/,
    );
    const future = '32010620300101001';
    assert.equal(
      checkResidentIdNumber(future + residentIdCheckChar(future), '2025-06-01'),
      '居民身份证号码第7至14位出生日期“20300101”晚于今天。',
    );
    assert.equal(checkResidentIdNumber(future + residentIdCheckChar(future)), null);
    const tooOld = '32010617990101001';
    assert.match(checkResidentIdNumber(tooOld + residentIdCheckChar(tooOld)) ?? '', /不是有效日期/);
  });
  it('reports an unknown province code', () => {
    const first17 = '99010519491231002';
    assert.equal(
      checkResidentIdNumber(first17 + residentIdCheckChar(first17)),
      '居民身份证号码前2位“99”不是有效的省级行政区划代码。',
    );
  });
  it('reports length, empty input, 15-digit numbers and bad characters', () => {
    assert.equal(checkResidentIdNumber(''), '请填写居民身份证号码。');
    assert.equal(
      checkResidentIdNumber('110105491231002'),
      '15位居民身份证号码已停止使用，请填写18位居民身份证号码。',
    );
    assert.equal(checkResidentIdNumber('1101051949123100'), '居民身份证号码应为18位，当前为16位。');
    assert.equal(
      checkResidentIdNumber('1101051949123100AX'),
      '居民身份证号码第17位“A”无效：前17位只能是数字。',
    );
    assert.equal(
      checkResidentIdNumber('11010519491231002Y'),
      '居民身份证号码第18位（校验码）“Y”无效：只能是数字0-9或字母X。',
    );
  });
  it('accepts full-width digits and surrounding spaces', () => {
    assert.equal(checkResidentIdNumber(' １１０１０５１９４９１２３１００２Ｘ '), null);
  });
});

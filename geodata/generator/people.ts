/**
 * Synthetic people. Names are drawn from common surnames and given-name characters; phone numbers use the
 * unassigned 100 prefix and ID numbers the non-existent province code 99, so no value can be a real
 * person's (they still have the right shape for masking: 11 digits, 18 characters with a valid check digit).
 */
import type { Random } from './random.ts';

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰凤兵建国志红梅海波鹏辉宇浩然欣怡子涵晨阳博文佳琪雪婷思远俊峰丹颖淑珍德福春燕秋菊永胜立新',
];

/**
 * A synthetic Chinese name (surname + one or two characters).
 *
 * @example
 * personName(createRandom(1, 'x')) // e.g. '王丽娟'
 */
export function personName(rng: Random): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** An 11-digit number in the unassigned 100 range (never a real mobile number). */
export function fakePhone(rng: Random): string {
  return `100${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * An 18-character resident ID number with province code 99 (does not exist), the district's last four
 * digits, a birth date and a valid GB 11643 check character.
 *
 * @example
 * fakeIdNumber(createRandom(1, 'x'), '210103') // '990103198507120318'-like
 */
export function fakeIdNumber(rng: Random, districtCode: string): string {
  const year = rng.int(1960, 2000);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  const body = `99${districtCode.slice(2, 6)}${year}${month}${day}${String(rng.int(0, 999)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
  return body + CHECK[sum % 11];
}

/**
 * Generates the gate benchmark's input: an N-row, 12-column CSV of call-centre records with four
 * sensitive columns (name, resident ID, mobile, birth date) and a free-text remarks column. Values
 * come from pools made with @faker-js/faker (zh_CN) and id-validator, combined with a seeded PRNG,
 * so a million rows are written in seconds and the file is the same on every run.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fakerZH_CN as faker } from '@faker-js/faker';
import IDValidator from 'id-validator';
import GB2260 from 'id-validator/src/GB2260.js';

export const HEADER = [
  'record_id',
  'name',
  'resident_id',
  'phone',
  'birth_date',
  'district',
  'category',
  'amount',
  'created_at',
  'status',
  'score',
  'remarks',
] as const;

export const CATEGORIES = ['路灯', '噪音', '供水', '道路', '绿化', '垃圾', '停车', '其他'];
export const STATUSES = ['已受理', '处理中', '已办结', '已回访'];
const DISTRICTS = [
  '东城区',
  '西城区',
  '朝阳区',
  '海淀区',
  '丰台区',
  '石景山区',
  '通州区',
  '昌平区',
  '大兴区',
  '顺义区',
];
const REMARKS = [
  '市民反映路灯不亮，已派单处理',
  '夜间施工噪音扰民，要求核查施工许可',
  '小区停水两天，请尽快恢复供水',
  '道路坑洼，雨天积水严重',
  '建议增加绿化带的修剪频次',
  '垃圾清运不及时，气味较大',
  '占道停车影响通行，工单号 W',
  '来电咨询政策，已解答。备注：第 ',
];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateCsv(path: string, rows: number): Promise<void> {
  faker.seed(43697);
  const idv = new IDValidator(GB2260);
  const names = Array.from({ length: 5000 }, () => faker.person.fullName());
  const ids: string[] = [];
  while (ids.length < 20000) {
    const id = idv.makeID();
    if (typeof id === 'string' && id.length === 18) ids.push(id);
  }
  const rand = mulberry32(7);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)] as T;
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write(`${HEADER.join(',')}\n`);
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const id = pick(ids);
    const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    const r = Math.floor(rand() * REMARKS.length);
    const remark = r >= 6 ? `${REMARKS[r]}${Math.floor(rand() * 99999)} 次` : (REMARKS[r] as string);
    const created = `2025-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')} ${String(Math.floor(rand() * 24)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00`;
    buf += `${i},${pick(names)},${id},${phone},${birth},${pick(DISTRICTS)},${pick(CATEGORIES)},${(rand() * 5000).toFixed(2)},${created},${pick(STATUSES)},${Math.floor(rand() * 101)},"${remark}"\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'close');
}

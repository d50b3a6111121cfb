import type { ReleaseState } from './release.ts';

/** The states of a release in a Chinese reader's words (the id stays beside them where shown: the API and audit use it). */
export const STATE_ZH: Readonly<Record<ReleaseState, string>> = {
  draft: '草稿',
  submitted: '已提交，检查中',
  'checks-passed': '检查通过，待审批',
  'checks-failed': '检查未通过',
  approved: '已批准，发布中',
  rejected: '已驳回',
  published: '已发布',
  'publication-failed': '发布失败',
};

/** A step of a release's history in Chinese: what happened at that moment (草稿 is a state; 起草 the step). */
export const STEP_ZH: Readonly<Record<ReleaseState, string>> = {
  draft: '起草',
  submitted: '提交',
  'checks-passed': '检查通过',
  'checks-failed': '检查未通过',
  approved: '批准',
  rejected: '驳回',
  published: '发布',
  'publication-failed': '发布失败',
};

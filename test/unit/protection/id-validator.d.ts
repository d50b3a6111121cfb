// id-validator ships no types; only what the tests use.
declare module 'id-validator' {
  export default class IDValidator {
    constructor(gb2260?: Record<string, string>);
    isValid(id: string, forceType?: 15 | 18): boolean;
    makeID(isFifteen?: boolean): string | false;
  }
}
declare module 'id-validator/src/GB2260.js' {
  const GB2260: Record<string, string>;
  export default GB2260;
}

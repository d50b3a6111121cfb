/**
 * The functions client SQL may call, each with a rule bounding the size of its result from its
 * arguments' (value-size.ts). This is an allow-list: a function DuckDB adds in a new version is refused
 * until it is given a rule here (test/integration/sql-value-size.test.ts lists DuckDB's functions and
 * fails on any that is neither here nor deliberately left out).
 *
 * Functions that can build a value much larger than their inputs take their counts and widths as
 * numbers written in the query, and the result counts them: repeat, lpad/rpad, printf/format widths,
 * range/generate_series, list_resize, bitstring, equi_width_bins. Functions that expand their input by
 * a fixed factor (hex ×2, bin ×8, url_encode ×3, to_json ×9…) say so, so that nesting them multiplies.
 */

import type { Words } from './size-budget.ts';
import {
  ELEMENT_BYTES,
  EMPTY,
  FIXED_BYTES,
  fixedSize,
  JSON_FACTOR,
  joinedSize,
  maxSizes,
  nestedSize,
  perElementOf,
  plusBytes,
  printedSize,
  SIZE_LIMITS,
  type Size,
  scaleSize,
  sumSizes,
  utf8Bytes,
} from './value-size.ts';

/** One argument as the rule sees it. */
export interface SizeArg {
  readonly size: Size;
  /** Its value, when the query writes it as a number (a literal, a cast of one, a negated one). */
  readonly number?: number;
  /** Its value, when the query writes it as a string literal. */
  readonly text?: string;
  /** Its name, given with `:=` (struct_pack(a := 1)). */
  readonly name?: string;
  /** The number of elements, when it is a list written in the query (list_value(…)). */
  readonly elements?: number;
  /** It stands for any number of arguments (`*COLUMNS(*)`). */
  readonly many?: boolean;
}

export interface SizeRuleContext {
  /** How messages name the function: `repeat()`, `the operator ||`. */
  readonly label: string;
  /** How Chinese messages name it: `repeat()`, `运算符 ||`. */
  readonly zhLabel: string;
  /** Refuses the call, saying why in English and Chinese; the result stands in for what it would have been. */
  refuse(message: Words): Size;
  /** What an aggregate gathers from many rows: a source of its own, bounded by the data. */
  gathered(depth: number): Size;
}

export type SizeRule = (args: readonly SizeArg[], ctx: SizeRuleContext) => Size;

/** How many columns a `*COLUMNS(*)` is taken to stand for. */
export const STAR_COLUMNS = 256;

const sizes = (args: readonly SizeArg[]) => args.map((a) => a.size);
const anyPerRow = (args: readonly SizeArg[]) => args.some((a) => a.size.perRow);

/** A fixed-size result (numbers, dates, booleans, hashes). */
const fixed =
  (bytes = FIXED_BYTES): SizeRule =>
  (args) =>
    fixedSize(bytes, anyPerRow(args));
/** A fixed-size result that changes on every call (random, uuid): never folded into a constant. */
const volatile: SizeRule = () => fixedSize(FIXED_BYTES, true);
/** At most `factor` times the largest argument, plus `plus` bytes (substring, trim, upper ×1.5, hex ×2). */
const within =
  (factor = 1, plus = 0): SizeRule =>
  (args) =>
    plusBytes(scaleSize({ ...maxSizes(sizes(args)), fixed: false }, factor), plus);
/** A list of parts of the largest argument, at most `factor` times it, plus `plus`. */
const listWithin =
  (factor = 1, plus = 0): SizeRule =>
  (args, ctx) =>
    nestedSize(within(factor, plus)(args, ctx));
/** Bytes decoded from text: at most the text, but a blob (printed \xAA). */
const blobWithin: SizeRule = (args, ctx) => nestedSize(within()(args, ctx), 1);
/**
 * All the arguments at once: `join` for concatenations (||, list_concat, struct_concat), `wrap` for
 * constructors (list_value, struct_pack: one more level, ELEMENT_BYTES an element, field names).
 */
const sum =
  (options: { join?: boolean; wrap?: boolean; names?: boolean } = {}): SizeRule =>
  (args) => {
    const names = options.names ? args.reduce((n, a) => n + utf8Bytes(a.name ?? ''), 0) : 0;
    const count = options.wrap ? args.reduce((n, a) => n + (a.many ? STAR_COLUMNS : 1), 0) : 0;
    const s = plusBytes(sumSizes(sizes(args)), names + count * ELEMENT_BYTES);
    if (options.wrap) return nestedSize(s);
    return options.join ? nestedSize(s, Math.max(1, s.depth)) : s;
  };
/** All the arguments as text (concat, printf's values). */
const printedSum: SizeRule = (args) => sumSizes(args.map((a) => printedSize(a.size)));
/** JSON text of all the arguments (to_json, json_object). */
const jsonOf: SizeRule = (args) =>
  plusBytes(scaleSize({ ...sumSizes(sizes(args)), depth: 0, fixed: false }, JSON_FACTOR), 2);

/** `each` once per element of `list` (a separator), or a refusal when both come from the data. */
function timesElements(list: Size, each: Size, ctx: SizeRuleContext): Size {
  return (
    perElementOf(list, each) ??
    ctx.refuse({
      en: `${ctx.label} would repeat a value read from the data once for every element of a list read from the data; write the separator or replacement in the query`,
      zh: `${ctx.zhLabel} 会为从数据读取的列表的每个元素重复一次从数据读取的值；请把分隔符或替换文本直接写在查询中`,
    })
  );
}

/** A count or width written in the query, or a refusal naming it (`what` in English and Chinese). */
function literalCount(arg: SizeArg | undefined, what: Words, ctx: SizeRuleContext): number | undefined {
  if (arg?.number === undefined || !Number.isFinite(arg.number)) {
    ctx.refuse({
      en: `${ctx.label} takes its ${what.en} as a number written in the query (it bounds the size of the result)`,
      zh: `${ctx.zhLabel} 的${what.zh}必须是写在查询中的数字（它限定了结果的大小）`,
    });
    return undefined;
  }
  return Math.max(0, Math.ceil(arg.number));
}

const LENGTH: Words = { en: 'length', zh: '长度' };

/** The refusal of a replacement that is not written in the query. */
const replacementWritten = (ctx: SizeRuleContext): Words => ({
  en: `${ctx.label} takes its replacement as a string written in the query`,
  zh: `${ctx.zhLabel} 的替换文本必须是写在查询中的字符串`,
});

/** A rule whose size follows from the count written in the query at `args[at]` (nothing while it is refused). */
const byCount =
  (at: number, what: Words, size: (count: number, args: readonly SizeArg[]) => Size): SizeRule =>
  (args, ctx) => {
    const count = literalCount(args[at], what, ctx);
    return count === undefined ? EMPTY : size(count, args);
  };

const repeat = byCount(1, { en: 'count', zh: '次数' }, (count, args) =>
  scaleSize({ ...(args[0]?.size ?? EMPTY), fixed: false }, count),
);

/** lpad/rpad: exactly `width` characters (longer input is cut), of up to 4 bytes each. */
const pad = byCount(1, { en: 'width', zh: '宽度' }, (width, args) => ({
  ...fixedSize(4 * width, anyPerRow(args)),
  fixed: false,
}));

/** range/generate_series as list functions: the number of elements from literal bounds. */
const series =
  (inclusive: boolean): SizeRule =>
  (args, ctx) => {
    const nums = args.map((a) => a.number);
    if (args.length === 0 || nums.some((n) => n === undefined || !Number.isFinite(n))) {
      ctx.refuse({
        en: `${ctx.label} takes numbers written in the query here (its bounds decide the length of the list it builds)`,
        zh: `${ctx.zhLabel} 在这里必须使用写在查询中的数字（它的边界决定生成的列表有多长）`,
      });
      return EMPTY;
    }
    const [a, b, step] =
      args.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
    const span = step === 0 ? 0 : Math.floor(Math.abs((b - a) / step));
    const count = Math.max(0, span + (inclusive ? 1 : 0));
    return nestedSize(fixedSize(FIXED_BYTES * count, anyPerRow(args)), 1);
  };

/** list_resize(list, n[, fill]): the list and up to n elements of `fill`. */
const resize = byCount(1, LENGTH, (count, args) => {
  const fill = plusBytes(args[2]?.size ?? EMPTY, ELEMENT_BYTES);
  const list = sumSizes([args[0]?.size ?? EMPTY, scaleSize({ ...fill, fixed: false }, count)]);
  return nestedSize(list, Math.max(list.depth, fill.depth + 1));
});

/** bitstring(text, length): `length` bits, printed one character each. */
const bitstring = byCount(1, LENGTH, (length, args) =>
  plusBytes({ ...(args[0]?.size ?? EMPTY), fixed: false }, length),
);

/** equi_width_bins(min, max, count, nice): a list of `count` boundaries. */
const bins = byCount(2, { en: 'bin count', zh: '分箱数' }, (count, args) =>
  nestedSize(fixedSize(FIXED_BYTES * count, anyPerRow(args)), 1),
);

/** replace(text, from, to): each occurrence of `from` (at least a byte) becomes `to` (written in the query). */
const replace: SizeRule = (args, ctx) => {
  const [s, from, to] = [args[0]?.size ?? EMPTY, args[1], args[2]];
  if (to?.text === undefined) {
    return ctx.refuse(replacementWritten(ctx));
  }
  const fromBytes = from?.text === undefined ? 1 : utf8Bytes(from.text);
  if (fromBytes === 0) return s;
  const growth = Math.max(1, utf8Bytes(to.text) / fromBytes);
  return scaleSize({ ...sumSizes([s, from?.size ?? EMPTY]), fixed: false }, growth);
};

/**
 * regexp_replace(text, pattern, replacement[, flags]): every match, even an empty one between two
 * bytes, becomes the replacement (written in the query), whose `\0`…`\9` each copy the match.
 */
const regexpReplace: SizeRule = (args, ctx) => {
  const [s, r] = [args[0]?.size ?? EMPTY, args[2]];
  if (r?.text === undefined) {
    return ctx.refuse(replacementWritten(ctx));
  }
  const groups = (r.text.match(/\\\d/g) ?? []).length;
  const own = utf8Bytes(r.text);
  return plusBytes(scaleSize({ ...s, fixed: false }, 1 + own + groups), own);
};

/** concat_ws(separator, values…): the values as text, and a separator between each two. */
const concatWs: SizeRule = (args, ctx) => {
  const [sep, ...values] = args;
  const count = values.reduce((n, a) => n + (a.many ? STAR_COLUMNS : 1), 0);
  const separators = scaleSize({ ...(sep?.size ?? EMPTY), fixed: false }, Math.max(0, count - 1));
  return sumSizes([printedSum(values, ctx), separators]);
};

/** array_to_string(list, separator): the elements as text, and a separator per element. */
const joinList =
  (defaultSeparator?: string): SizeRule =>
  (args, ctx) => {
    const list = args[0]?.size ?? EMPTY;
    const sep = args[1]?.size ?? (defaultSeparator === undefined ? EMPTY : { ...EMPTY, bytes: 1 });
    return sumSizes([joinedSize(list), timesElements(list, sep, ctx)]);
  };

/** json_extract(json, path) with a list of paths: one extract per path. */
const jsonExtract: SizeRule = (args) => {
  const paths = args[1]?.elements ?? 1;
  return scaleSize({ ...(args[0]?.size ?? EMPTY), fixed: false }, Math.max(1, paths));
};

/**
 * A rule for printf/format: their format is written in the query (it decides the size of what they
 * print), and none of their values is a `*COLUMNS(…)`.
 */
const formatted =
  (size: (fmt: string, values: readonly SizeArg[], ctx: SizeRuleContext) => Size): SizeRule =>
  (args, ctx) => {
    const fmt = args[0]?.text;
    if (fmt === undefined) {
      return ctx.refuse({
        en: `${ctx.label} takes its format as a string written in the query`,
        zh: `${ctx.zhLabel} 的格式必须是写在查询中的字符串`,
      });
    }
    const values = args.slice(1);
    if (values.some((a) => a.many)) {
      return ctx.refuse({ en: `${ctx.label} cannot print *COLUMNS(…)`, zh: `${ctx.zhLabel} 不能输出 *COLUMNS(…)` });
    }
    return size(fmt, values, ctx);
  };

/**
 * printf('%5d|%-10s|%1$s', …): the format's text, and per conversion its width, precision and the
 * value it prints (a value printed twice counts twice).
 */
const printf = formatted((fmt, values, ctx) => {
  let text = 0;
  let next = 0;
  const parts: Size[] = [];
  const spec = /%(?:(\d+)\$)?([-+ #0']*)(\d+|\*)?(?:\.(\d*|\*))?(?:hh|h|ll|l|L|q|j|z|t)?([a-zA-Z%])/g;
  let last = 0;
  for (const m of fmt.matchAll(spec)) {
    text += utf8Bytes(fmt.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[5] === '%') {
      text += 1;
      continue;
    }
    if (m[3] === '*' || m[4] === '*') {
      return ctx.refuse({
        en: `${ctx.label} takes widths written in its format, not *`,
        zh: `${ctx.zhLabel} 的宽度必须写在格式中，不能用 *`,
      });
    }
    const index = m[1] === undefined ? next++ : Number(m[1]) - 1;
    const value = values[index]?.size ?? EMPTY;
    parts.push(plusBytes(printedSize(value), Number(m[3] ?? 0) + Number(m[4] || 0)));
  }
  text += utf8Bytes(fmt.slice(last));
  return plusBytes(sumSizes(parts), text);
});

/**
 * format('{} {:>10} {0}', …) (fmt's syntax): the format's text, and per field its width, precision and
 * the value it prints (a value printed twice counts twice).
 */
const format = formatted((fmt, values, ctx) => {
  let text = 0;
  let next = 0;
  const parts: Size[] = [];
  for (let i = 0; i < fmt.length; ) {
    const ch = fmt[i] as string;
    if ((ch === '{' || ch === '}') && fmt[i + 1] === ch) {
      text += 1;
      i += 2;
      continue;
    }
    if (ch !== '{') {
      text += utf8Bytes(ch);
      i++;
      continue;
    }
    const end = fmt.indexOf('}', i);
    const field = end < 0 ? '' : fmt.slice(i + 1, end);
    const m = /^(\d*)(?::(?:[^{}]?[<>^])?[-+ ]?#?0?(\d*)(?:\.(\d+))?[a-zA-Z%]?)?$/u.exec(field);
    if (end < 0 || !m) {
      return ctx.refuse({
        en: `${ctx.label} could not read the field {${field.slice(0, 20)}} of its format (widths must be written in the format)`,
        zh: `${ctx.zhLabel} 无法读取其格式中的字段 {${field.slice(0, 20)}}（宽度必须写在格式中）`,
      });
    }
    const index = m[1] === '' ? next++ : Number(m[1]);
    const value = values[index]?.size ?? EMPTY;
    parts.push(plusBytes(printedSize(value), Number(m[2] || 0) + Number(m[3] || 0)));
    i = end + 1;
  }
  return plusBytes(sumSizes(parts), text);
});

/**
 * Aggregates that gather rows into one value (string_agg, list…): their result is a source of its own,
 * bounded by the data and by DuckDB's memory limit (their states are counted in it). What they gather
 * from each row may not carry more than a few bytes of constants (`list(struct_pack(name := x))`
 * stores the field name once but prints it for every element).
 */
const gather =
  (list: boolean): SizeRule =>
  (args, ctx) => {
    const per = args[0]?.size ?? EMPTY;
    if (per.depth > 0 && per.bytes > SIZE_LIMITS.gatheredConstantBytes) {
      return ctx.refuse({
        en: `${ctx.label} would gather lists or structs holding ${Math.ceil(per.bytes)} bytes of constants (literals, field names) from every row; at most ${SIZE_LIMITS.gatheredConstantBytes} are allowed`,
        zh: `${ctx.zhLabel} 会从每一行收集含有 ${Math.ceil(per.bytes)} 字节常量（字面量、字段名）的列表或结构体；最多允许 ${SIZE_LIMITS.gatheredConstantBytes} 字节`,
      });
    }
    return ctx.gathered(list ? per.depth + 1 : 0);
  };
/** min(x, n), max_by(x, y, n), arg_max(x, y, n): `n` values, else one of the inputs. */
const topN =
  (valuesAt: number): SizeRule =>
  (args, ctx) =>
    args.length > valuesAt ? gather(true)(args, ctx) : within()(args, ctx);

/** Rules by function name (lower case), operators included. Macros count as functions. */
export const FUNCTION_SIZES: ReadonlyMap<string, SizeRule> = new Map<string, SizeRule>([
  // Arithmetic, comparison and matching operators: numbers and booleans.
  ...names('+ - * / // % ** ^ @ !__postfix ~~ !~~ ~~* !~~* ~~~ ^@ @> <@ && <-> <=>', fixed()),
  // Bitwise operators also apply to BIT strings: at most the larger operand.
  ...names('& | << >> ~ xor', within()),
  ['||', (args, ctx) => (args.every((a) => a.size.depth > 0) ? sum({ join: true })(args, ctx) : printedSum(args, ctx))],
  ['->>', jsonExtract],
  // Numbers.
  ...names(
    'abs acos acosh add asin asinh atan atan2 atanh bit_count cbrt ceil ceiling cos cosh cot degrees divide even exp factorial floor gamma gcd greatest_common_divisor isfinite isinf isnan lcm least_common_multiple lgamma ln log log10 log2 mod multiply nextafter pi pow power radians round round_even roundbankers sign signbit sin sinh sqrt subtract tan tanh trunc fdiv fmod',
    fixed(),
  ),
  ...names('random uuid gen_random_uuid uuidv4 uuidv7', volatile),
  // Dates and times.
  ...names(
    'age ago century current_date current_localtime current_localtimestamp date_add date_diff date_sub date_trunc datediff datesub datetrunc day dayname dayofmonth dayofweek dayofyear days_in_month decade epoch epoch_ms epoch_ns epoch_us era get_current_time get_current_timestamp hour isodow isoyear julian last_day make_date make_time make_timestamp make_timestamp_ms make_timestamp_ns make_timestamptz microsecond millennium millisecond minute month monthname nanosecond normalized_interval now quarter second strptime try_strptime time_bucket timezone timezone_hour timezone_minute to_centuries to_days to_decades to_hours to_microseconds to_millennia to_milliseconds to_minutes to_months to_quarters to_seconds to_timestamp to_weeks to_years today transaction_timestamp week weekday weekofyear year yearweek uuid_extract_timestamp uuid_extract_version',
    fixed(),
  ),
  // date_part(['year', 'month'], d): a struct with a number per part named in the list.
  ...names('date_part datepart', within(32, FIXED_BYTES)),
  // strftime: each conversion (at least two characters) prints at most ~32.
  ['strftime', (args) => plusBytes(scaleSize({ ...sumSizes(sizes(args)), fixed: false }, 16), FIXED_BYTES)],
  // Measures of text and lists, tests, hashes.
  ...names(
    'ascii bit_length char_length character_length length len length_grapheme octet_length strlen instr position strpos unicode ord levenshtein damerau_levenshtein editdist3 hamming mismatches jaccard jaro_similarity jaro_winkler_similarity contains starts_with ends_with prefix suffix like_escape not_like_escape ilike_escape not_ilike_escape regexp_matches regexp_full_match hash md5_number md5_number_lower md5_number_upper get_bit bit_position cardinality array_length list_unique array_unique list_position array_position list_indexof array_indexof list_contains array_contains list_has array_has list_has_all list_has_any array_has_all array_has_any list_cosine_distance list_cosine_similarity list_distance list_dot_product list_inner_product list_negative_dot_product list_negative_inner_product array_cosine_distance array_cosine_similarity array_distance array_dot_product array_inner_product array_negative_dot_product array_negative_inner_product array_cross_product map_contains map_contains_entry map_contains_value struct_contains struct_has struct_indexof struct_position json_array_length json_contains json_exists json_valid json_type is_histogram_other_bin version format_bytes formatreadablesize formatreadabledecimalsize parse_formatted_bytes generate_subscripts',
    fixed(),
  ),
  ...names('md5 sha1 sha256', fixed(64)),
  ['chr', fixed(4)],
  // to_base(n, radix, min_length): DuckDB refuses a min_length over 64.
  ['to_base', fixed(128)],
  ['set_bit', within()],
  // bar(x, min, max, width): DuckDB refuses widths over 1,000 (3-byte block characters).
  ['bar', fixed(3 * 1000 + 16)],
  ['typeof', within(1, 64)],
  // Parts of one argument: at most the largest argument.
  ...names(
    'left right left_grapheme right_grapheme substring substr substring_grapheme trim ltrim rtrim reverse split_part regexp_extract greatest least nullif array_extract list_extract list_element element_at map_extract map_extract_value map_keys map_values map_from_entries struct_extract struct_extract_at struct_keys struct_values list_slice array_slice list_sort array_sort list_reverse_sort array_reverse_sort list_distinct array_distinct list_reverse array_reverse array_pop_back array_pop_front flatten list_intersect array_intersect list_where array_where json json_extract_string json_extract_path_text json_value json_keys parse_dirname parse_dirpath parse_filename unnest list_first list_last list_min list_max list_any_value list_mode list_median list_bit_and list_bit_or list_bit_xor',
    within(),
  ),
  ...names('json_extract json_extract_path', jsonExtract),
  // Decoders: at most their input, but bytes (blobs print \xAA).
  ...names('from_hex unhex from_base64 from_binary unbin encode', blobWithin),
  ...names('url_decode decode', within()),
  // Encoders and case mappings: a fixed factor of their input (so nesting them multiplies).
  ...names('upper lower ucase lcase', within(1.5)),
  ...names('strip_accents nfc_normalize', within(3)),
  ['translate', within(4)],
  ...names('hex to_hex', within(2, 32)),
  ...names('bin to_binary', within(8, 128)),
  ...names('base64 to_base64', within(4 / 3, 4)),
  ['url_encode', within(3)],
  ['regexp_escape', within(2)],
  ...names('to_json json_quote row_to_json array_to_json json_object json_array', jsonOf),
  ['json_merge_patch', sum()],
  // Aggregates over a list: a number, or one of its elements.
  ...names(
    'list_sum list_avg list_count list_product list_var_pop list_var_samp list_stddev_pop list_stddev_samp list_sem list_skewness list_kurtosis list_kurtosis_pop list_entropy list_bool_and list_bool_or list_approx_count_distinct list_mad',
    fixed(),
  ),
  // Lists built from pieces: split, extracted, concatenated, zipped.
  // Parts of a text: at most the text, and an element (ELEMENT_BYTES) per byte and one more.
  ...names(
    'string_split str_split string_to_array split string_split_regex str_split_regex regexp_split_to_array regexp_extract_all parse_path',
    listWithin(1 + ELEMENT_BYTES, ELEMENT_BYTES),
  ),
  // regexp_split_to_table: the parts as rows.
  ['regexp_split_to_table', within()],
  ['map_entries', listWithin(2)],
  ...names('list_value list_pack array_value map', sum({ wrap: true })),
  ...names('struct_pack row', sum({ wrap: true, names: true })),
  ...names(
    'list_concat list_cat array_cat array_concat map_concat list_append array_append array_push_back list_prepend array_prepend array_push_front',
    sum({ join: true, names: true }),
  ),
  ...names('struct_insert struct_update struct_concat', sum({ join: true, names: true })),
  ...names<SizeRule>('list_zip array_zip', (args, ctx) => scaleSize(sum({ wrap: true })(args, ctx), 1 + args.length)),
  ['concat', printedSum],
  ['concat_ws', concatWs],
  ...names('array_to_string list_string_agg', joinList()),
  ['array_to_string_comma_default', joinList(',')],
  // Functions whose counts and widths are written in the query.
  ['repeat', repeat],
  ...names('lpad rpad', pad),
  ['printf', printf],
  ['format', format],
  ['replace', replace],
  ['regexp_replace', regexpReplace],
  ['range', series(false)],
  ['generate_series', series(true)],
  ...names('list_resize array_resize', resize),
  ['bitstring', bitstring],
  ['equi_width_bins', bins],
  // Aggregates and window functions.
  ...names(
    'count count_star count_if countif sum sum_no_overflow avg mean favg fsum kahan_sum sumkahan product stddev stddev_pop stddev_samp var_pop var_samp variance corr covar_pop covar_samp entropy kurtosis kurtosis_pop skewness sem mad approx_count_distinct bool_and bool_or regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy geomean geometric_mean weighted_avg wavg rank rank_dense dense_rank row_number percent_rank cume_dist ntile',
    () => fixedSize(FIXED_BYTES, true),
  ),
  ...names(
    'first last any_value arbitrary mode median quantile_disc fill first_value last_value nth_value lag lead bit_and bit_or bit_xor arg_min_null arg_max_null',
    within(),
  ),
  ...names('min max', topN(1)),
  ...names('arg_min arg_max argmin argmax min_by max_by arg_min_nulls_last arg_max_nulls_last', topN(2)),
  // quantile(x, [0.25, 0.5]) and the like: a list when given a list of fractions.
  ...names<SizeRule>('quantile quantile_cont approx_quantile', (args, ctx) =>
    args[1]?.elements === undefined ? within()(args, ctx) : gather(true)(args, ctx),
  ),
  ...names('string_agg group_concat listagg json_group_array json_group_object', gather(false)),
  ...names('list array_agg histogram histogram_exact', gather(true)),
]);

/**
 * Functions that take a lambda; check-value-sizes.ts bounds them: `transform` maps each element,
 * `filter` keeps some, `reduce` folds them into one value.
 */
export const LAMBDA_FUNCTIONS: ReadonlyMap<string, 'transform' | 'filter' | 'reduce'> = new Map([
  ...names('list_transform array_transform list_apply array_apply apply', 'transform' as const),
  ...names('list_filter array_filter filter', 'filter' as const),
  ...names('list_reduce array_reduce reduce', 'reduce' as const),
]);

/**
 * DuckDB's functions deliberately left out (tests check that every DuckDB function is either allowed
 * or here, so a new DuckDB version's functions are looked at): they reveal the server, the session or
 * the catalogue, have side effects, take types or serialized plans, or build values whose size no
 * argument written in the query bounds (json_pretty's indentation grows with the square of the depth;
 * enum labels and struct keys stored once print once per element; a sample size allocates).
 * The pg_, has_, icu_ and __internal prefixes are left out too (inspect-select refuses some by prefix).
 */
export const LEFT_OUT: ReadonlySet<string> = new Set(
  [
    // The server, the session, the catalogue.
    'alias current_catalog current_connection_id current_database current_query current_query_id current_role current_schema current_schemas current_setting current_transaction_id current_user session_user user getvariable in_search_path col_description obj_description shobj_description format_pg_type format_type map_to_pg_oid get_block_size inet_client_addr inet_client_port inet_server_addr inet_server_port txid_current stats vector_type',
    // Side effects and state.
    'sleep_ms write_log setseed nextval currval error parse_duckdb_log_message',
    // SQL, plans, types, aggregate states.
    'json_serialize_sql json_deserialize_sql json_serialize_plan get_type make_type cast_to_type replace_type remap_struct can_cast_implicitly combine finalize constant_or_null unpivot_list timetz_byte_comparable create_sort_key switch',
    // Aggregates applied by name (list_sum and the like name theirs).
    'aggregate array_aggr array_aggregate list_aggr list_aggregate',
    // Sizes no argument written in the query bounds, or that print larger than they are stored.
    'json_pretty json_structure json_transform json_transform_strict from_json from_json_strict json_group_structure enum_code enum_first enum_last enum_range enum_range_boundary union_extract union_tag union_value list_select array_select list_grade_up array_grade_up grade_up list_histogram approx_top_k reservoir_quantile bitstring_agg',
    // Types the published data does not have.
    'variant_bytes_to_variant variant_extract variant_normalize variant_to_parquet_variant variant_typeof st_asbinary st_astext st_aswkb st_aswkt st_crs st_geomfromwkb st_intersects_extent st_setcrs icu_sort_key',
  ]
    .join(' ')
    .split(' '),
);

/** Whether client SQL may call the function (its name in lower case). */
export function isKnownFunction(name: string): boolean {
  return FUNCTION_SIZES.has(name) || LAMBDA_FUNCTIONS.has(name);
}

function names<T>(list: string, value: T): Array<[string, T]> {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => [n.toLowerCase(), value]);
}

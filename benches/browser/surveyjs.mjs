// A rubric/v1 document as SurveyJS JSON, for the peer side of the browser benchmark:
// the same sections (panels), items (questions), options with their points in the
// label, N/A as the "none" choice, show_if as visibleIf, and an expression question
// for the live total. The expression follows the rubric's method the way a SurveyJS
// author would write it (each item's earned points, or deductions from the max, and
// zero when a critical option is chosen); it does not model the engine's section
// budgets, N/A redistribution or rounding, so the peer does less work per click than the
// widget, never more.

const zh = (text) => (typeof text === 'string' ? text : text['zh-CN'] ?? Object.values(text)[0]);
const q = (id) => `{${id}}`;
const str = (s) => `'${String(s).replace(/'/g, "\\'")}'`;

/** The earned points of one item as a SurveyJS expression (0 when unanswered). */
function earned(item) {
  const v = q(item.id);
  switch (item.kind) {
    case 'check':
      return `iif(${v} = 'pass', ${item.points}, 0)`;
    case 'choice':
      return item.options.reduceRight(
        (rest, o) => `iif(${v} = ${str(o.id)}, ${o.points}, ${rest})`, '0');
    case 'multi': {
      const sum = item.options.map((o) => `iif(${v} contains ${str(o.id)}, ${o.points}, 0)`).join(' + ');
      const max = item.points ?? item.options.reduce((s, o) => s + Math.max(o.points, 0), 0);
      return item.options.every((o) => o.points <= 0)
        ? `max(0, ${max} + ${sum})`
        : `min(${max}, ${sum})`;
    }
    case 'count':
      return `iif(${v} notempty, max(0, ${item.points} - ${v} * ${item.per ?? 1}), 0)`;
    case 'number': {
      const bands = [...item.bands];
      const last = bands.pop();
      return `iif(${v} notempty, ${bands.reduceRight(
        (rest, b) => `iif(${v} <= ${b.upto}, ${b.points}, ${rest})`, String(last.points))}, 0)`;
    }
    default:
      return '0';
  }
}

/** What the item is worth at best. */
function possible(item) {
  switch (item.kind) {
    case 'check': case 'count': return item.points;
    case 'choice': return Math.max(...item.options.map((o) => o.points));
    case 'multi': return item.points ?? item.options.reduce((s, o) => s + Math.max(o.points, 0), 0);
    case 'number': return Math.max(...item.bands.map((b) => b.points));
    default: return 0;
  }
}

/** The condition under which an item fires a critical, or null. */
function critical(item) {
  const v = q(item.id);
  if (item.kind === 'check' && item.critical) return `${v} = 'fail'`;
  const fatal = (item.options || []).filter((o) => o.critical);
  if (!fatal.length) return null;
  return fatal.map((o) => (item.kind === 'multi' ? `${v} contains ${str(o.id)}` : `${v} = ${str(o.id)}`)).join(' or ');
}

function question(item) {
  const base = { name: item.id, title: zh(item.title), isRequired: item.required ?? item.kind !== 'text' };
  if (item.show_if) {
    base.visibleIf = `${q(item.show_if.item)} anyof [${item.show_if.in.map(str).join(', ')}]`;
  }
  const choices = (options) => options.map((o) => ({ value: o.id, text: `${zh(o.label)} (${o.points})` }));
  const na = item.na ? { showNoneItem: true, noneText: '不适用' } : {};
  switch (item.kind) {
    case 'check':
      return { ...base, ...na, type: 'radiogroup', colCount: 2,
        choices: [{ value: 'pass', text: `通过 (+${item.points})` }, { value: 'fail', text: '不通过 (0)' }] };
    case 'choice':
      return { ...base, ...na, type: 'radiogroup', colCount: item.options.length, choices: choices(item.options) };
    case 'multi':
      return { ...base, ...na, type: 'checkbox', colCount: item.options.length, choices: choices(item.options) };
    case 'count':
      return { ...base, type: 'text', inputType: 'number', min: 0, max: item.limit ?? 99 };
    case 'number':
      return { ...base, type: 'text', inputType: 'number', min: item.min, max: item.max };
    default:
      return { ...base, type: 'comment', rows: 2 };
  }
}

export function toSurveyJs(rubric) {
  const items = rubric.sections.flatMap((s) => s.items);
  const scored = items.filter((i) => i.kind !== 'text' && !i.bonus);
  const max = rubric.scoring.max;
  const fatal = items.map(critical).filter(Boolean);
  const base = rubric.scoring.method === 'deduct'
    ? `${max} - (${scored.map((i) => `iif(${q(i.id)} notempty, ${possible(i)} - (${earned(i)}), 0)`).join(' + ')})`
    : `${max} * (${scored.map(earned).join(' + ')}) / ${scored.reduce((s, i) => s + possible(i), 0)}`;
  const total = fatal.length ? `iif(${fatal.join(' or ')}, 0, ${base})` : base;
  return {
    showQuestionNumbers: 'off',
    checkErrorsMode: 'onComplete',
    pages: [{
      name: 'rubric',
      elements: [
        { type: 'expression', name: 'total', title: '总分', expression: `round(${total}, ${rubric.scoring.precision ?? 0})` },
        ...rubric.sections.map((s) => ({
          type: 'panel', name: s.id, title: zh(s.title), elements: s.items.map(question),
        })),
      ],
    }],
  };
}

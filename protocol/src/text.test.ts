import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  AddRepRequestSchema,
  ChatTextSchema,
  CreateTeamRequestSchema,
  FileOfferSchema,
  FileReportSchema,
  LoginRequestSchema,
  GenerateSessionKeyRequestSchema,
  NoticeInputSchema,
  PersonNameSchema,
  SiteInputSchema,
  SurveyAnswersSchema,
  DEFAULT_SITE_SETTINGS,
  cleanText,
} from './index.ts';

/** Everything that must never survive: C0 and C1 controls, DEL, bidi embeddings, overrides and isolates, lone surrogates. */
const FORBIDDEN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HOSTILE = 'A\u0000B\r\nC\u202EgnirtS\u2066D\u2069\u0085E\u009B\u007F\u001BF';

const ok = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
};

describe('free text from outside', () => {
  it('one-line texts lose every control and bidi override; line breaks and tabs become spaces', () => {
    expect(cleanText(HOSTILE)).toBe('AB CgnirtSDEF');
    expect(ok(PersonNameSchema, `Pat\u202E\u0000 \r\nSmith\u2067`)).toBe('Pat Smith');
  });

  it('multi-line texts keep \\n and \\t (CR/LF becomes \\n) and lose the rest', () => {
    expect(cleanText(HOSTILE, true)).toBe('AB\nCgnirtSDEF');
    expect(ok(ChatTextSchema, 'line 1\r\n\tline 2\u202E\u0000')).toBe('line 1\n\tline 2');
  });

  it('keeps the marks that bidi text needs (LRM, RLM, ALM) and whole emoji', () => {
    const text = 'שלום\u200F 123 \u061Cمرحبا\u200E 👩‍💻';
    expect(cleanText(text)).toBe(text);
  });

  it('every free-text schema cleans what it takes', () => {
    const dirty = 'X\u202E\u0000\r\nY\u2066';
    expect(ok(GenerateSessionKeyRequestSchema, { incident: `INC${dirty}` }).incident).toBe('INCX Y');
    const notice = ok(NoticeInputSchema, { title: `T${dirty}`, text: `Body${dirty}`, active: true });
    expect([notice.title, notice.text]).toEqual(['TX Y', 'BodyX\nY']);
    expect(ok(CreateTeamRequestSchema, { name: `Team${dirty}` }).name).toBe('TeamX Y');
    const site = ok(SiteInputSchema, { name: `Site${dirty}`, path: '/x', settings: { ...DEFAULT_SITE_SETTINGS, greeting: `Hi${dirty}`, holdMessage: `Wait${dirty}`, surveyQuestions: [{ id: 'q', kind: 'text', label: `Q${dirty}` }] } });
    expect([site.name, site.settings.greeting, site.settings.holdMessage, site.settings.surveyQuestions[0]?.label]).toEqual(['SiteX Y', 'HiX\nY', 'WaitX\nY', 'QX Y']);
    expect(ok(SurveyAnswersSchema, { answers: { comment: `Fine${dirty}` } }).answers.comment).toBe('FineX\nY');
    const offer = ok(FileOfferSchema, { type: 'file.offer', id: 'r', sessionId: 'abcdefgh', transferId: '0'.repeat(32), name: `invoice\u202Efdp.exe${dirty}`, size: 1, sha256: '0'.repeat(64) });
    expect(offer.name).toBe('invoicefdp.exeX Y');
    const report = ok(FileReportSchema, { type: 'file.report', id: 'r', sessionId: 'abcdefgh', transferId: '0'.repeat(32), outcome: 'failed', route: 'relay', error: `disk full${dirty}` });
    expect(report.error).toBe('disk fullX Y');
    expect(ok(AddRepRequestSchema, { username: 'pat', displayName: `Pat${dirty}`, password: 'long enough password' }).displayName).toBe('PatX Y');
    expect(AddRepRequestSchema.safeParse({ username: `pat${dirty}`, displayName: 'Pat', password: 'long enough password' }).success).toBe(false);
    expect(ok(LoginRequestSchema, { username: `pat${dirty}`, password: 'x' }).username).toBe('patX Y');
  });

  it('a text that is only controls is empty, so a required one is refused', () => {
    expect(PersonNameSchema.safeParse('\u202E\u0000\u2066').success).toBe(false);
    expect(ChatTextSchema.safeParse('\u0000\u202E\r\n').success).toBe(false);
  });

  it('property: no output holds a forbidden character, and clean text passes unchanged', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(anyText, (s) => {
        expect(cleanText(s)).not.toMatch(FORBIDDEN_LINE);
        expect(cleanText(s, true)).not.toMatch(FORBIDDEN_MULTILINE);
      }),
      { numRuns: 5000 },
    );
    const clean = fc.string({ unit: 'grapheme', maxLength: 100 }).filter((s) => !FORBIDDEN_LINE.test(s));
    fc.assert(
      fc.property(clean, (s) => {
        expect(cleanText(s)).toBe(s);
        expect(cleanText(s, true)).toBe(s);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(clean, fc.constantFrom('\n', '\t')), { maxLength: 10 }), (parts) => {
        const s = parts.join('');
        expect(cleanText(s, true)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors';
import { allowedContentTypeList, checkDeclaration, defaultSizeLimitBytes, sizeLimitOf } from './policy.ts';

const pdf = { kind: 'site-plan', name: '总平面图.PDF', sizeBytes: 1000, contentType: 'application/pdf' };

describe('checkDeclaration', () => {
  it('accepts every allowed type with a matching extension, whatever its case', () => {
    expect(() => checkDeclaration(pdf)).not.toThrow();
    expect(() =>
      checkDeclaration({ ...pdf, name: '施工图.dwg', contentType: 'image/vnd.dwg' }),
    ).not.toThrow();
    expect(allowedContentTypeList).toHaveLength(16);
  });

  it('refuses a type outside the list with CONTENT_TYPE_NOT_ALLOWED on contentType', () => {
    const refuse = () => checkDeclaration({ ...pdf, name: 'a.html', contentType: 'text/html' });
    expect(refuse).toThrow(ValidationError);
    expect(refuse).toThrow(expect.objectContaining({ code: 'CONTENT_TYPE_NOT_ALLOWED' }));
  });

  it('refuses a name whose extension does not match the type', () => {
    expect(() => checkDeclaration({ ...pdf, name: 'a.exe' })).toThrow(
      expect.objectContaining({
        code: 'NAME_DOES_NOT_MATCH_TYPE',
        issues: [expect.objectContaining({ path: 'name' })],
      }),
    );
  });

  it('holds each kind to its limit, and unknown kinds to the default', () => {
    expect(sizeLimitOf('construction-drawings')).toBe(200 * 1024 * 1024);
    expect(sizeLimitOf('business-licence')).toBe(defaultSizeLimitBytes);
    expect(() =>
      checkDeclaration({ ...pdf, kind: 'business-licence', sizeBytes: defaultSizeLimitBytes }),
    ).not.toThrow();
    expect(() =>
      checkDeclaration({ ...pdf, kind: 'business-licence', sizeBytes: defaultSizeLimitBytes + 1 }),
    ).toThrow(expect.objectContaining({ code: 'DOCUMENT_TOO_LARGE' }));
  });
});

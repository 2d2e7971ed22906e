import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RISK_RULES } from '../../../../sdk/server/risk/rules/index';

describe('risk rule registry', () => {
  it('lists every rule file exactly once, with unique ids', async () => {
    const dir = join(import.meta.dirname, '../../../../sdk/server/risk/rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const ids = RISK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const file of files) {
      const mod = (await import(join(dir, file))) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v): v is { id: string } => typeof v === 'object' && v !== null && 'evaluate' in v && 'id' in v);
      expect(rules.length, `${file} exports one rule`).toBe(1);
      expect(ids, `${file} is registered`).toContain(rules[0]!.id);
    }
    expect(files.length).toBe(RISK_RULES.length);
  });
});

// The layer rules are lint rules; this checks that lint really fails a change that breaks them.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['core/services/bad.ts', "import { useState } from 'react';\nexport const x = useState;", /Only renderer\/ imports React/],
    ['db/bad.ts', "import { Button } from 'antd';\nexport const x = Button;", /Only renderer\/ imports React/],
    ['electron/bad.ts', "import { createRoot } from 'react-dom/client';\nexport const x = createRoot;", /Only renderer\/ imports React/],
    ['core/bad.ts', "import { app } from 'electron';\nexport const x = app;", /Only electron\/ imports 'electron'/],
    ['renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", /Only electron\/ imports 'electron'/],
    ['core/bad.ts', "import { formatDate } from '../renderer/src/format';\nexport const x = formatDate;", /Nothing imports renderer\//],
    ['server/bad.ts', "import { api } from '../renderer/src/api';\nexport const x = api;", /Nothing imports renderer\//],
    ['db/bad.ts', "import { handlers } from '../core/services/index';\nexport const x = handlers;", /db\/ does not depend on core/],
    ['renderer/src/bad.ts', "import { startRuntime } from '../../core/runtime';\nexport const x = startRuntime;", /core\/api and core\/consoleApi \(types and schemas\) only/],
    ['renderer/src/bad.ts', "import fs from 'node:fs';\nexport const x = fs;", /no Node modules/],
  ])('%s: refuses %s', async (file, code, message) => {
    const errors = await errorsFor(file, code);
    expect(errors.join('\n')).toMatch(message);
  });

  it('lets each layer import what the architecture allows', async () => {
    expect(await errorsFor('renderer/src/ok.ts', "import { createClient } from '../../core/api';\nexport const x = createClient;")).toEqual([]);
    expect(await errorsFor('renderer/console/ok.ts', "import { createConsoleClient } from '../../core/consoleApi';\nexport const x = createConsoleClient;")).toEqual([]);
    expect(await errorsFor('core/ok.ts', "import { openDatabase } from '../db/connection';\nexport const x = openDatabase;")).toEqual([]);
    expect(await errorsFor('electron/ok.ts', "import { app } from 'electron';\nimport { startRuntime } from '../core/runtime';\nexport const x = [app, startRuntime];")).toEqual([]);
  });
});

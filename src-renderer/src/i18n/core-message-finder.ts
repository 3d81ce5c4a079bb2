import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Finds every sentence the core and the contract can put in front of a person, by reading
 * their TypeScript with the compiler (test-only: messages-complete.test.ts).
 *
 * A message is the text given to `new LendenError(code, message, fields)` (and its field
 * texts), to zod checks (`message:` / `error:` options and a plain string after the
 * checked value), and to `message:` / `lastError:` of the objects the core hands out (sync
 * troubles, problems, also `{ message }` filled by a helper's parameter). Template literals become every sentence they can make: a placeholder
 * that is a literal, a condition between literals, a constant, a call of a local function
 * (its returns) or a parameter (the arguments at its call sites) takes those values; any
 * other placeholder is free text and gets a sample value.
 */

export interface FoundMessage {
  /** Where it is written, `src-main/...:line`. */
  at: string;
  /** One sentence it can make (placeholders filled in). */
  text: string;
}

/** Free text a placeholder stands for (an invoice number, a name, an amount). */
export const SAMPLE_TEXT = 'A-17';
export const SAMPLE_NUMBER = '7';
/** Beyond this many sentences from one message the rest say nothing new. */
const MAX_SENTENCES = 400;
const ZOD_CHECKS = new Set(['min', 'max', 'length', 'regex', 'refine', 'superRefine', 'int', 'positive', 'nonnegative', 'negative', 'nonpositive', 'gt', 'gte', 'lt', 'lte', 'multipleOf', 'nonempty', 'email', 'url', 'uuid', 'startsWith', 'endsWith', 'includes']);
/** A value no reading of the source can know: the message it is in is passed on as it is. */
const DYNAMIC = Symbol('dynamic');
type Values = string[] | typeof DYNAMIC;

const sourcesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'testing.ts' ? [full] : [];
  });

export function findCoreMessages(root: string): FoundMessage[] {
  const files = [...sourcesUnder(path.join(root, 'src-main', 'contract')), ...sourcesUnder(path.join(root, 'src-main', 'core'))];
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const ours = files.map((f) => program.getSourceFile(f)!);

  const declarationOf = (node: ts.Node): ts.Declaration | undefined => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.declarations?.[0];
  };

  // Every call, by the function it calls: a parameter's values are the arguments at these.
  const callsOf = new Map<ts.Node, ts.CallExpression[]>();
  const functionOf = (decl: ts.Declaration | undefined): ts.SignatureDeclaration | undefined => {
    if (!decl) return undefined;
    if (ts.isFunctionDeclaration(decl)) return decl;
    if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) return decl.initializer;
    return undefined;
  };
  for (const sf of ours) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const fn = functionOf(declarationOf(n.expression));
        if (fn) callsOf.set(fn, [...(callsOf.get(fn) ?? []), n]);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  const cross = (parts: string[][]): string[] => parts.reduce<string[]>((acc, vs) => acc.flatMap((a) => vs.map((v) => a + v)).slice(0, MAX_SENTENCES), ['']);
  /** Values of either branch; a branch no reading can know stands as free text beside the known ones. */
  const join = (lists: Values[], unknownIsSample = true): Values => {
    const known = lists.filter((l): l is string[] => l !== DYNAMIC);
    if (!known.length) return DYNAMIC;
    const some = unknownIsSample && known.length < lists.length ? [SAMPLE_TEXT] : [];
    return [...new Set([...known.flat(), ...some])];
  };

  /** The sentences an expression can be, or DYNAMIC when it passes on text made elsewhere. */
  const valuesOf = (e: ts.Expression, depth: number): Values => {
    if (depth > 8) return DYNAMIC;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isNumericLiteral(e)) return [e.text];
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return valuesOf(e.expression, depth);
    if (ts.isTemplateExpression(e)) {
      const parts: string[][] = [[e.head.text]];
      for (const span of e.templateSpans) parts.push(placeholder(span.expression, depth + 1), [span.literal.text]);
      return cross(parts);
    }
    if (ts.isConditionalExpression(e)) return join([valuesOf(e.whenTrue, depth + 1), valuesOf(e.whenFalse, depth + 1)]);
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      // `first?.message ?? 'Invalid input.'`: the left passes on a message said elsewhere.
      return join([valuesOf(e.left, depth + 1), valuesOf(e.right, depth + 1)], false);
    }
    if (ts.isCallExpression(e)) {
      // `.trim()` of a sentence is the sentence; a local function gives what it returns.
      if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'trim') return valuesOf(e.expression.expression, depth + 1);
      const fn = functionOf(declarationOf(e.expression));
      if (!fn || fn.getSourceFile().isDeclarationFile || !ours.includes(fn.getSourceFile())) return DYNAMIC;
      return join(returnsOf(fn).map((r) => valuesOf(r, depth + 1)));
    }
    if (ts.isElementAccessExpression(e)) {
      const table = ts.isIdentifier(e.expression) || ts.isPropertyAccessExpression(e.expression) ? declarationOf(e.expression) : undefined;
      const init = table && ts.isVariableDeclaration(table) ? table.initializer : undefined;
      const obj = init && ts.isAsExpression(init) ? init.expression : init;
      if (obj && ts.isObjectLiteralExpression(obj)) return join(obj.properties.filter(ts.isPropertyAssignment).map((p) => valuesOf(p.initializer, depth + 1)));
      return DYNAMIC;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const decl = declarationOf(e);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) return valuesOf(decl.initializer, depth + 1);
      if (decl && ts.isPropertyAssignment(decl)) return valuesOf(decl.initializer, depth + 1);
      if (decl && ts.isParameter(decl) && ts.isIdentifier(decl.name)) return parameterValues(decl, depth + 1);
    }
    return DYNAMIC;
  };

  const returnsOf = (fn: ts.SignatureDeclaration): ts.Expression[] => {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const found: ts.Expression[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  };

  const parameterValues = (param: ts.ParameterDeclaration, depth: number): Values => {
    const fn = param.parent as ts.SignatureDeclaration;
    const index = fn.parameters.indexOf(param);
    const lists: Values[] = (callsOf.get(fn) ?? []).map((call) => {
      const arg = call.arguments[index];
      if (arg) return valuesOf(arg, depth);
      return param.initializer ? valuesOf(param.initializer, depth) : DYNAMIC;
    });
    return join(lists);
  };

  /** What a placeholder can say: its known values, a literal type's members, else a sample. */
  const placeholder = (e: ts.Expression, depth: number): string[] => {
    const known = valuesOf(e, depth);
    if (known !== DYNAMIC) return known;
    const type = checker.getTypeAtLocation(e);
    const members = type.isUnion() ? type.types : [type];
    if (members.every((t) => t.isStringLiteral() || t.isNumberLiteral())) return members.map((t) => String((t as ts.LiteralType).value));
    return members.every((t) => t.flags & ts.TypeFlags.NumberLike) ? [SAMPLE_NUMBER] : [SAMPLE_TEXT];
  };

  const found: FoundMessage[] = [];
  for (const sf of ours) {
    const at = (n: ts.Node) => `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const take = (e: ts.Expression | undefined): void => {
      if (!e) return;
      const values = valuesOf(e, 0);
      if (values !== DYNAMIC) for (const text of values) found.push({ at: at(e), text });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'LendenError') {
        const [, message, fields] = n.arguments ?? [];
        take(message);
        if (fields && ts.isObjectLiteralExpression(fields)) for (const p of fields.properties) if (ts.isPropertyAssignment(p)) take(p.initializer);
      }
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && ['message', 'error', 'lastError'].includes(n.name.text) && ts.isObjectLiteralExpression(n.parent)) {
        // `error:` is a message only as a zod option; elsewhere it holds an error object.
        if (n.name.text !== 'error' || ts.isStringLiteral(n.initializer) || ts.isTemplateExpression(n.initializer) || ts.isNoSubstitutionTemplateLiteral(n.initializer)) take(n.initializer);
      }
      if (ts.isShorthandPropertyAssignment(n) && n.name.text === 'message') {
        // `{ code, message }` built by a helper (GST problems): the helper's callers give the sentence.
        const decl = checker.getShorthandAssignmentValueSymbol(n)?.declarations?.[0];
        if (decl && ts.isParameter(decl)) {
          const values = parameterValues(decl, 0);
          if (values !== DYNAMIC) for (const text of values) found.push({ at: at(n), text });
        }
      }
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ZOD_CHECKS.has(n.expression.name.text)) {
        for (const arg of n.arguments.slice(1)) if (ts.isStringLiteral(arg) || ts.isTemplateExpression(arg)) take(arg);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

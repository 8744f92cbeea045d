import type { CompiledTemplate, TemplateNode, TemplateVariable } from './template-parser';
import { tidyWhitespace } from './template-renderer';

export interface LengthAssumptions {
  /** Shortest value a variable without a usable fallback can have; 1 unless told. */
  minVariableLength?: number;
  /** Longest value a variable can have; 40 unless told. */
  maxVariableLength?: number;
  /** Exact lengths for some variables, by name (`firstName`, `custom.Industry`). */
  variableLengths?: Record<string, number>;
}

const DEFAULT_MIN_VARIABLE_LENGTH = 1;
const DEFAULT_MAX_VARIABLE_LENGTH = 40;

/** The length of the shortest text the template can render: shortest choices, shortest values. */
export function minRenderedLength(
  compiled: CompiledTemplate,
  assumptions: LengthAssumptions = {},
): number {
  return tidyWhitespace(compose(compiled.nodes, 'shortest', assumptions)).length;
}

/** The length of the longest text the template can render under the given variable lengths. */
export function maxRenderedLength(
  compiled: CompiledTemplate,
  assumptions: LengthAssumptions = {},
): number {
  return tidyWhitespace(compose(compiled.nodes, 'longest', assumptions)).length;
}

/** False when even the shortest rendering is over the limit: such a template can never be sent. */
export function canEverFit(
  compiled: CompiledTemplate,
  limit: number,
  assumptions: LengthAssumptions = {},
): boolean {
  return minRenderedLength(compiled, assumptions) <= limit;
}

type Extreme = 'shortest' | 'longest';

function compose(nodes: TemplateNode[], extreme: Extreme, assumptions: LengthAssumptions): string {
  return nodes.map((node) => composeNode(node, extreme, assumptions)).join('');
}

function composeNode(node: TemplateNode, extreme: Extreme, assumptions: LengthAssumptions): string {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'spintax': {
      const renderings = node.options.map((option) => compose(option, extreme, assumptions));
      const lengths = renderings.map((rendering) => tidyWhitespace(rendering).length);
      const chosen = extreme === 'shortest' ? Math.min(...lengths) : Math.max(...lengths);
      return renderings[lengths.indexOf(chosen)];
    }
    case 'variable':
      return variableStandIn(node.variable, node.fallback, extreme, assumptions);
  }
}

function variableStandIn(
  variable: TemplateVariable,
  fallback: string | undefined,
  extreme: Extreme,
  assumptions: LengthAssumptions,
): string {
  const label = variable.source === 'custom' ? `custom.${variable.name}` : variable.name;
  const known = assumptions.variableLengths?.[label];
  const valueLength =
    known ??
    (extreme === 'shortest'
      ? (assumptions.minVariableLength ?? DEFAULT_MIN_VARIABLE_LENGTH)
      : (assumptions.maxVariableLength ?? DEFAULT_MAX_VARIABLE_LENGTH));
  const value = 'x'.repeat(valueLength);
  if (fallback === undefined || known !== undefined) {
    return value;
  }
  const pickFallback =
    extreme === 'shortest' ? fallback.length < value.length : fallback.length > value.length;
  return pickFallback ? fallback : value;
}

export { findPlaceholder } from './placeholders';
export { TemplateSyntaxError, type TemplateSyntaxReason } from './template-errors';
export {
  canEverFit,
  maxRenderedLength,
  minRenderedLength,
  type LengthAssumptions,
} from './template-length';
export {
  compileTemplate,
  LEAD_VARIABLES,
  type CompiledTemplate,
  type CompileOptions,
  type LeadVariable,
  type TemplateNode,
  type TemplateVariable,
} from './template-parser';
export {
  checkLength,
  MESSAGE_LENGTH_LIMIT,
  NOTE_LENGTH_LIMIT,
  renderTemplate,
  tidyWhitespace,
  type RenderFailureReason,
  type RenderOptions,
  type RenderResult,
  type TemplateLead,
} from './template-renderer';

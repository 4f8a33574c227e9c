// Exact: W3C trace context. A span's parent span (same traceId, spanId = parentSpanId) invoked it: an agent
// run → its tool call → the MCP call → the service that handled it. Parents and children may arrive in
// different files, so both directions are looked up for new spans.
import { insertLink, newSpans, spansWithId, spansWithParent, type SpanRow } from '../../store/lineage.js';
import type { Linker } from './types.js';

/** Formats whose events carry trace context. */
const TRACED_FORMATS = ['otel', 'mcp'] as const;

function link(parent: SpanRow, child: SpanRow): Parameters<typeof insertLink>[1] {
  return {
    from: parent.id,
    to: child.id,
    relation: 'invoked',
    method: 'exact',
    confidence: 1,
    key: `trace:${child.trace_id}/${child.parent_span_id ?? ''}`,
    reason: `${parent.name} is the parent span of ${child.name} in trace ${child.trace_id}`,
  };
}

export const traceContext: Linker = {
  name: 'trace-context',
  method: 'exact',
  run(db, { afterSeq }) {
    let written = 0;
    for (const span of newSpans(db, afterSeq, TRACED_FORMATS)) {
      if (span.parent_span_id) {
        for (const parent of spansWithId(db, span.trace_id, span.parent_span_id)) {
          if (parent.id !== span.id && insertLink(db, link(parent, span))) written++;
        }
      }
      if (span.span_id) {
        for (const child of spansWithParent(db, span.trace_id, span.span_id)) {
          if (child.id !== span.id && insertLink(db, link(span, child))) written++;
        }
      }
    }
    return written;
  },
};

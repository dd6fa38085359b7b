/** One laid-out terminal line: styled pieces whose widths add up to at most the pane width. */
export interface Segment {
  text: string;
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  /** Drawn in the same text node as the next segment (fewer nodes for Ink to lay out). */
  joinNext?: boolean;
}

export interface DisplayLine {
  /** Stable React key. */
  key: string;
  segments: Segment[];
}

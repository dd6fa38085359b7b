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
  /**
   * Left empty: an empty box as wide as `text`, not a text node. The pane draws what shows
   * there once for all its lines (the message pane's vertical rule), and Ink would otherwise
   * measure, tokenize and place every character of it on every frame.
   */
  gap?: boolean;
}

export interface DisplayLine {
  /** Stable React key. */
  key: string;
  segments: Segment[];
}

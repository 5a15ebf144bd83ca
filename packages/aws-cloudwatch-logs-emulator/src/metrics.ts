/** What the metric filters of the emulator have published for one metric and dimension set. */
export interface MetricDatum {
  metricNamespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  unit: string | undefined;
  /** How many values were published (matching events, plus default values for non-matching). */
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Timestamp (ms) of the latest event that published a value. */
  lastTimestamp: number;
}

export interface MetricQuery {
  metricNamespace?: string;
  metricName?: string;
}

/**
 * The numbers metric filters publish, as CloudWatch would receive them: one aggregate per
 * namespace, metric name and dimension values.
 */
export class MetricRecorder {
  private readonly data = new Map<string, MetricDatum>();

  record(
    metricNamespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    unit: string | undefined,
    value: number,
    timestamp: number,
  ): void {
    const dimensionKey = Object.keys(dimensions)
      .sort()
      .map((k) => `${k}=${dimensions[k]}`)
      .join('\u0001');
    const key = `${metricNamespace}\u0000${metricName}\u0000${dimensionKey}`;
    const datum = this.data.get(key);
    if (!datum) {
      this.data.set(key, {
        metricNamespace,
        metricName,
        dimensions: { ...dimensions },
        unit,
        sampleCount: 1,
        sum: value,
        minimum: value,
        maximum: value,
        lastTimestamp: timestamp,
      });
      return;
    }
    datum.sampleCount += 1;
    datum.sum += value;
    if (value < datum.minimum) datum.minimum = value;
    if (value > datum.maximum) datum.maximum = value;
    if (timestamp > datum.lastTimestamp) datum.lastTimestamp = timestamp;
  }

  list(query: MetricQuery = {}): MetricDatum[] {
    const out: MetricDatum[] = [];
    for (const datum of this.data.values()) {
      if (query.metricNamespace !== undefined && datum.metricNamespace !== query.metricNamespace)
        continue;
      if (query.metricName !== undefined && datum.metricName !== query.metricName) continue;
      out.push({ ...datum, dimensions: { ...datum.dimensions } });
    }
    return out;
  }

  reset(): void {
    this.data.clear();
  }
}

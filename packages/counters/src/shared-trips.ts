interface Waiting<Input, Output> {
  input: Input;
  resolve(output: Output): void;
  reject(error: unknown): void;
}

/**
 * When an idle lane's first call goes out: `at-once`, or `after-this-turn`, at the end of the event
 * loop's turn (`setImmediate`), with the calls that the turn's other I/O callbacks made meanwhile.
 */
export type FirstTrip = 'at-once' | 'after-this-turn';

/**
 * Shares round trips to Redis among the calls of one lane (a key, or a connection). A call on an
 * idle lane goes out at once (or at the end of this turn, see FirstTrip), so an idle gateway adds no
 * wait beyond that; the calls that arrive while a trip is in flight go together on the next one
 * (`sendMany`, which answers one output per input, in order), so a busy one makes one trip per round
 * trip instead of one per call. Arrival order is kept.
 */
export class SharedTrips<Input, Output> {
  private readonly lanes = new Map<string, Waiting<Input, Output>[]>();
  private readonly sendMany: (lane: string, inputs: Input[]) => Promise<Output[]>;
  private readonly maxPerTrip: number;
  private readonly firstTrip: FirstTrip;

  constructor(
    sendMany: (lane: string, inputs: Input[]) => Promise<Output[]>,
    maxPerTrip = 1_000,
    firstTrip: FirstTrip = 'at-once',
  ) {
    this.sendMany = sendMany;
    this.maxPerTrip = maxPerTrip;
    this.firstTrip = firstTrip;
  }

  send(lane: string, input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      const call = { input, resolve, reject };
      const waiting = this.lanes.get(lane);
      if (waiting) {
        waiting.push(call);
        return;
      }
      if (this.firstTrip === 'after-this-turn') {
        this.lanes.set(lane, [call]);
        setImmediate(() => void this.run(lane, this.take(lane)));
        return;
      }
      this.lanes.set(lane, []);
      void this.run(lane, [call]);
    });
  }

  private async run(lane: string, first: Waiting<Input, Output>[]): Promise<void> {
    for (let trip = first; trip.length > 0; trip = this.take(lane)) {
      try {
        const outputs = await this.sendMany(
          lane,
          trip.map((waiting) => waiting.input),
        );
        trip.forEach((waiting, i) => {
          if (i < outputs.length) waiting.resolve(outputs[i] as Output);
          else waiting.reject(new Error(`a shared trip answered ${outputs.length} of ${trip.length} calls`));
        });
      } catch (error) {
        for (const waiting of trip) waiting.reject(error);
      }
    }
    this.lanes.delete(lane);
  }

  /** The first calls that arrived meanwhile; the lane stays open (maybe empty) until they are sent. */
  private take(lane: string): Waiting<Input, Output>[] {
    const waiting = this.lanes.get(lane) ?? [];
    this.lanes.set(lane, waiting.slice(this.maxPerTrip));
    return waiting.slice(0, this.maxPerTrip);
  }
}

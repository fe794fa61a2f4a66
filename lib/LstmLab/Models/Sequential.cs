using System.Collections;
using System.Diagnostics;
using LstmLab.Display;
using LstmLab.IO;
using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Metrics;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Training;

namespace LstmLab.Models;

/// <summary>
/// A stack of layers trained as one model, with Keras's names:
/// <code>
/// var model = new Sequential(seed: 42) { new Input(28, 28), new Lstm(32, recurrentDropout: 0.15), new Dense(10, Activation.Softmax) };
/// model.Compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
/// var history = model.Fit(x, y, epochs: 5, batchSize: 128, validationSplit: 0.2);
/// </code>
/// A training step is four calls: forward, loss, backward, optimizer step.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class Sequential : IEnumerable<Layer>, IHtmlRenderable
{
    private readonly List<Layer> layers = [];
    private Optimizer? optimizer;
    private Loss? loss;
    private List<Metric> metrics = [];
    private TrainingState? trainingState;
    private readonly BatchBuffers batchBuffers = new();
    private readonly PredictCopies predictCopies = new();
    private History? trainingHistory;

    /// <summary>A model whose weights are initialized from <paramref name="seed"/>.</summary>
    public Sequential(int seed = 0) => Seed = seed;

    /// <summary>The seed for the initial weights (and the default seed of <see cref="Fit"/>).</summary>
    public int Seed { get; }

    /// <summary>The layers in order (an <see cref="Input"/> first if one was added).</summary>
    public IReadOnlyList<Layer> Layers => layers;

    /// <summary>All trainable parameters in layer order.</summary>
    public IReadOnlyList<Parameter> Parameters => [.. layers.SelectMany(l => l.Parameters)];

    /// <summary>The optimizer given to <see cref="Compile"/>.</summary>
    public Optimizer Optimizer => optimizer ?? throw NotCompiled();

    /// <summary>The loss given to <see cref="Compile"/>.</summary>
    public Loss Loss => loss ?? throw NotCompiled();

    /// <summary>Set by a callback (or by you, from a progress handler) to end <see cref="Fit"/> after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// A model of the library's own (<see cref="KernelWarmup"/>): it trains on through a Ctrl+C meant for the user's,
    /// and its calls are not the user's first.
    /// </summary>
    internal bool IsWarmup { get; set; }

    /// <summary>Raised after each batch and at the end of each epoch during <see cref="Fit"/>.</summary>
    public event EventHandler<TrainingProgress>? Progress;

    /// <summary>Adds a layer on top (collection-initializer syntax calls this).</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layers.Any(l => l.IsBuilt))
            throw new InvalidOperationException(
                "Layers cannot be added after the model has been built."
            );
        if (layer is Input && layers.Count > 0)
            throw new ArgumentException("Input must be the first layer of a Sequential model.");
        if (layer is Lstm { ReturnState: true })
            throw new ArgumentException(
                "An Lstm with returnState passes (output, h, c), which a Sequential model cannot chain; "
                    + "use the layer on its own, or read FinalHiddenState after the forward pass."
            );
        if (layer is Gru { ReturnState: true })
            throw new ArgumentException(
                "A Gru with returnState passes (output, h), which a Sequential model cannot chain; "
                    + "use the layer on its own, or read FinalHiddenState after the forward pass."
            );
        int sameKind = layers.Count(l => l.Kind == layer.Kind);
        layer.Name = sameKind == 0 ? layer.Kind : $"{layer.Kind}_{sameKind}";
        layers.Add(layer);
    }

    /// <summary>Sets the optimizer, the loss and the metrics (Keras names: "accuracy", "mae", "rmse", …).</summary>
    public void Compile(Optimizer optimizer, Loss loss, params string[] metrics)
    {
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));
        this.metrics = [.. metrics.Select(name => Metric.Create(name, loss))];
        if (layers.FirstOrDefault() is Input input)
            Build(input.Shape);
    }

    /// <summary>Creates every layer's parameters for items of <paramref name="inputShape"/> (no batch axis).</summary>
    public void Build(params int[] inputShape)
    {
        if (layers.Count == 0)
            throw new InvalidOperationException("The model has no layers.");
        if (layers[0].IsBuilt)
        {
            if (!layers[0].Accepts([1, .. inputShape]))
                throw new ShapeMismatchException(
                    $"The model was built for items of shape {Layer.BatchShape(layers[0].InputShape)}, "
                        + $"but got {Layer.BatchShape(inputShape)}."
                );
            return;
        }
        var init = new Random(Seed);
        int[] shape = inputShape;
        foreach (var layer in layers)
        {
            layer.Build(shape, init);
            shape = layer.OutputShape;
        }
        KernelWarmup.Start(layers, loss, metrics.Select(m => m.Name));
    }

    /// <summary>The layers, output shapes and parameter counts (build first, with an <see cref="Input"/> or a call to Fit or Build).</summary>
    public ModelSummary Summary()
    {
        if (layers.Count == 0 || !layers[0].IsBuilt)
        {
            if (layers.FirstOrDefault() is Input input)
                Build(input.Shape);
            else
                throw new InvalidOperationException(
                    "The model is not built yet: start it with new Input(shape…) or call Build(shape…) first."
                );
        }
        var rows = layers
            .Where(l => l is not Input)
            .Select(l => new LayerSummary(
                l.Name,
                l.GetType().Name,
                Layer.BatchShape(l.OutputShape),
                l.ParameterCount,
                l.Describe()
            ))
            .ToList();
        int total = rows.Sum(r => r.Parameters);
        // Keras has one bias (4H or H) per LSTM or SimpleRNN where PyTorch has two (a reset-after GRU has two in both).
        int keras =
            total
            - layers.Sum(l =>
                l switch
                {
                    Lstm lstm => 4 * lstm.Units,
                    SimpleRnn rnn => rnn.Units,
                    Bidirectional { Layer: Lstm lstm } => 2 * 4 * lstm.Units,
                    Bidirectional { Layer: SimpleRnn rnn } => 2 * rnn.Units,
                    _ => 0,
                }
            );
        return new ModelSummary(rows, total, keras);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over (x, y) in batches and returns the per-epoch <see cref="History"/>.
    /// </summary>
    /// <param name="x">Inputs (N, …) matching the model's input shape.</param>
    /// <param name="y">Targets: (N) class labels, (N, 1) binary targets or regression values, (N, T) per-step labels.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="batchSize">Samples per gradient step.</param>
    /// <param name="validationSplit">Fraction held out for validation: the LAST part of x and y, before shuffling, as Keras does.</param>
    /// <param name="validationData">Separate validation data (instead of a split).</param>
    /// <param name="shuffle">Shuffle the training samples each epoch.</param>
    /// <param name="seed">Seed for shuffling and dropout masks (default: the model's seed). Same seed, same results.</param>
    /// <param name="callbacks">EarlyStopping, ReduceLROnPlateau, ModelCheckpoint or your own.</param>
    /// <param name="progress">Receives a report after each batch and each epoch.</param>
    /// <param name="verbose">1 shows progress (Keras's default): in a notebook one view updated in place (epoch,
    /// batches, loss and metrics, the loss per epoch), else a progress line per epoch on the console; 0 is silent.</param>
    /// <param name="resumeFrom">A checkpoint written by <see cref="Save"/>, a ModelCheckpoint or an interrupted run:
    /// training continues from where it stopped and ends with the same weights as an uninterrupted run.</param>
    /// <param name="cancellationToken">Stops at the end of the current batch, like <see cref="TrainingInterrupt"/>.</param>
    public History Fit(
        Tensor x,
        Tensor y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true,
        int? seed = null,
        IEnumerable<Callback>? callbacks = null,
        IProgress<TrainingProgress>? progress = null,
        int verbose = 1,
        string? resumeFrom = null,
        CancellationToken cancellationToken = default
    )
    {
        if (!IsWarmup)
            KernelWarmup.UserCall(training: true);
        CheckCompiled();
        CheckData(x, y, "training");
        if (epochs < 0)
            throw new ArgumentOutOfRangeException(
                nameof(epochs),
                $"epochs must be ≥ 0, got {epochs}."
            );
        CheckBatchSize(batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(
                nameof(validationSplit),
                $"validationSplit must be in [0, 1), got {validationSplit}."
            );

        Tensor trainX = x,
            trainY = y;
        if (validationData is { } given)
        {
            CheckData(given.X, given.Y, "validation");
        }
        else if (validationSplit > 0)
        {
            int held = (int)(x.Shape[0] * validationSplit);
            int kept = x.Shape[0] - held;
            if (held == 0 || kept == 0)
                throw new ArgumentException(
                    $"validationSplit {validationSplit} of {x.Shape[0]} samples leaves {kept} for training and {held} for validation."
                );
            (trainX, trainY) = (x.Slice(0, kept), y.Slice(0, kept));
            validationData = (x.Slice(kept, held), y.Slice(kept, held));
        }
        Build(trainX.Shape[1..]);

        int runSeed = seed ?? Seed;
        int n = trainX.Shape[0];
        var (state, history) = resumeFrom is null
            ? (TrainingState.Start(metrics.Count), new History())
            : Checkpoint.Read(resumeFrom, this, n, batchSize);
        var callbackList = callbacks?.ToList() ?? [];
        if (verbose > 0)
            progress = progress is null
                ? NotebookProgress.ForFit()
                : new BothProgress(progress, NotebookProgress.ForFit());
        foreach (var callback in callbackList)
        {
            callback.Model = this;
            callback.OnTrainBegin();
        }

        int batches = (n + batchSize - 1) / batchSize;
        var order = new int[n];
        var parameters = Parameters;
        StopTraining = false;
        trainingHistory = history;
        for (int epoch = state.Epoch; epoch <= epochs && !StopTraining; epoch++)
        {
            var clock = Stopwatch.StartNew();
            // Each epoch's order and each batch's dropout masks come from (seed, epoch, batch) alone.
            for (int i = 0; i < n; i++)
                order[i] = i;
            if (shuffle)
                new Random(Seeds.Mix(runSeed, epoch)).Shuffle(order);
            bool resumed = epoch == state.Epoch && state.Batch > 0;
            for (int m = 0; m < metrics.Count; m++)
            {
                metrics[m].Reset();
                if (resumed)
                    metrics[m].State = state.MetricStates[m];
            }
            double lossSum = resumed ? state.LossSum : 0;
            double learningRate = Optimizer.LearningRate;
            for (int batch = resumed ? state.Batch : 0; batch < batches; batch++)
            {
                int start = batch * batchSize,
                    count = Math.Min(batchSize, n - start);
                for (int l = 0; l < layers.Count; l++)
                    layers[l].Random = new Random(Seeds.Mix(runSeed, epoch, batch, l));
                int shown = batch + 1;
                NameRows(r =>
                    $"row {order[start + r]} of the training data (epoch {epoch}, batch {shown})"
                );
                var (xb, yb) = batchBuffers.For(trainX, trainY, count);
                // split as the recurrent layers split the batch, so that each thread's rows are in its own cache when
                // its steps read them
                RowSplit.Run(
                    count,
                    RowSplit.RecurrentRowsPerPart,
                    (first, partRows) =>
                    {
                        var picked = order.AsSpan(start + first, partRows);
                        trainX.GatherInto(picked, xb, first);
                        trainY.GatherInto(picked, yb, first);
                    }
                );
                if (!Finite.All(xb.Data) || !Finite.All(yb.Data))
                    throw Diverged(epoch, batch + 1, double.NaN, xb, yb);
                var prediction = Forward(xb, training: true);
                var gradient = batchBuffers.Gradient(prediction.Shape);
                double batchLoss = ComputeLoss(prediction, yb, gradient);
                if (!double.IsFinite(batchLoss))
                    throw Diverged(epoch, batch + 1, batchLoss, xb, yb);
                BackwardLayers(gradient, needInputGradient: false);
                Optimizer.Step(parameters);
                lossSum += batchLoss * count;
                foreach (var metric in metrics)
                    metric.Update(prediction, yb);
                trainingState = new TrainingState(
                    epoch,
                    batch + 1,
                    lossSum,
                    [.. metrics.Select(m => m.State)],
                    n,
                    batchSize
                );
                if (progress is not null || Progress is not null)
                    Report(
                        progress,
                        new TrainingProgress(
                            epoch,
                            epochs,
                            batch + 1,
                            batches,
                            RunningLogs(lossSum, start + count),
                            false,
                            clock.Elapsed.TotalSeconds
                        )
                    );
                if (
                    cancellationToken.IsCancellationRequested
                    || (TrainingInterrupt.IsRequested && !IsWarmup)
                )
                    throw Interrupted(epoch, batch + 1, batches);
            }

            NameRows(null);
            var logs = RunningLogs(lossSum, n);
            if (validationData is { } validation)
                foreach (
                    var (key, value) in Evaluate(
                        validation.X,
                        validation.Y,
                        batchSize,
                        "validation"
                    )
                )
                    logs["val_" + key] = value;
            history.Add(new EpochLog(epoch, logs, learningRate, clock.Elapsed.TotalSeconds));
            trainingState = TrainingState.Start(metrics.Count) with
            {
                Epoch = epoch + 1,
                Samples = n,
                BatchSize = batchSize,
            };
            foreach (var callback in callbackList)
                callback.OnEpochEnd(epoch, logs);
            Report(
                progress,
                new TrainingProgress(
                    epoch,
                    epochs,
                    batches,
                    batches,
                    logs,
                    true,
                    clock.Elapsed.TotalSeconds
                )
            );
        }
        foreach (var callback in callbackList)
            callback.OnTrainEnd();
        return history;
    }

    /// <summary>The loss and metrics on (x, y), computed in inference mode (no dropout), as Keras's evaluate.</summary>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32) =>
        Evaluate(x, y, batchSize, "evaluation");

    private Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize, string what)
    {
        if (!IsWarmup)
            KernelWarmup.UserCall(training: false);
        CheckCompiled();
        CheckData(x, y, what);
        CheckBatchSize(batchSize);
        Build(x.Shape[1..]);
        var evaluationMetrics = metrics.Select(m => Metric.Create(m.Name, Loss)).ToList();
        double lossSum = 0;
        int n = x.Shape[0];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var (xb, yb) = batchBuffers.For(x, y, count);
            x.CopyRowsTo(start, xb);
            y.CopyRowsTo(start, yb);
            NameRows(r => $"row {start + r} of the {what} data");
            var prediction = Infer(xb);
            lossSum += ComputeLoss(prediction, yb, batchBuffers.Gradient(prediction.Shape)) * count;
            NameRows(null);
            foreach (var metric in evaluationMetrics)
                metric.Update(prediction, yb);
        }
        var result = new Dictionary<string, double> { ["loss"] = lossSum / n };
        foreach (var metric in evaluationMetrics)
            result[metric.Name] = metric.Result();
        return result;
    }

    /// <summary>The model's outputs for x (N, …), computed in batches in inference mode.</summary>
    /// <remarks>
    /// No layer mixes the rows of a batch in inference, so the outputs are the same bits for any
    /// <paramref name="batchSize"/>. Unless a layer carries state from batch to batch, rows run in blocks of
    /// one size, at most <see cref="MaxPredictBlock"/>, the last block padded with zeros: the layers' buffers
    /// are sized once, instead of again for a smaller last batch, and a huge batch does not need huge ones.
    /// The blocks are shared out between the threads: this model runs the first share (its first block last, so that a
    /// Trace after it is the first block's), copies of it (<see cref="PredictCopies"/>) the others, each with its own
    /// buffers, kept for the next call.
    /// </remarks>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        if (!IsWarmup)
            KernelWarmup.UserCall(training: false);
        CheckBatchSize(batchSize);
        if (x.Rank < 2)
            throw new ShapeMismatchException(
                $"Predict expects a batch (N, …), got a tensor of shape {Tensor.Format(x.Shape)}."
            );
        if (layers.Count > 0 && layers[0].IsBuilt)
            CheckShape(x, "prediction");
        Build(x.Shape[1..]);
        int n = x.Shape[0];
        if (n == 0)
            return new Tensor([0, .. layers[^1].OutputShape]);
        Tensor? result = null;
        if (layers.Any(l => l.CarriesState))
        {
            // the batches in order, each starting from the states the one before left
            PredictBlocks(x, ref result, batchSize, carried: true, 0, n);
            return result!;
        }
        int block = Math.Min(Math.Min(batchSize, MaxPredictBlock), n);
        int blocks = (n + block - 1) / block;
        int parts = Math.Min(Kernels.Threading.Available, blocks);
        // blocks first..last-1 through model
        void Blocks(Sequential model, int first, int last) =>
            model.PredictBlocks(
                x,
                ref result,
                block,
                carried: false,
                first * block,
                Math.Min(n, last * block)
            );
        // this model's share, its first block last, so that a Trace after Predict is the first block's pass
        void OwnShare(int first, int last)
        {
            for (int k = last - 1; k >= first; k--)
                Blocks(this, k, k + 1);
        }
        if (parts == 1)
        {
            OwnShare(0, blocks);
            return result!;
        }
        // the other shares through copies of the model, a thread each (a copy's recurrent layers keep only the current
        // step)
        var copies = predictCopies.For(this, parts - 1, x.Shape[1..]);
        Kernels.ParallelParts.Run(
            parts,
            part =>
            {
                int first = (int)((long)blocks * part / parts);
                int last = (int)((long)blocks * (part + 1) / parts);
                if (part == 0)
                    OwnShare(first, last);
                else
                    Blocks(copies[part - 1], first, last);
            }
        );
        return result!;
    }

    // Rows first..end-1 of x through the layers, block rows at a time, into the same rows of result (made by the first
    // block any thread finishes, shaped by its prediction); the last block is padded with zeros unless the layers carry
    // state (then it is a smaller batch, as Keras runs it).
    private void PredictBlocks(
        Tensor x,
        ref Tensor? result,
        int block,
        bool carried,
        int first,
        int end
    )
    {
        int itemSize = x.Length / x.Shape[0];
        for (int start = first; start < end; start += block)
        {
            int count = Math.Min(block, end - start);
            var xb = batchBuffers.For(x, carried ? count : block);
            x.Span.Slice(start * itemSize, count * itemSize).CopyTo(xb.Span);
            xb.Span[(count * itemSize)..].Clear();
            int offset = start;
            NameRows(r => $"row {offset + r} of the inputs");
            var prediction = Infer(xb);
            NameRows(null);
            var output = Volatile.Read(ref result);
            if (output is null)
            {
                var made = new Tensor([x.Shape[0], .. prediction.Shape[1..]]);
                output = Interlocked.CompareExchange(ref result, made, null) ?? made;
            }
            int rowSize = prediction.Length / prediction.Shape[0];
            prediction
                .Span[..(count * rowSize)]
                .CopyTo(output.Span.Slice(start * rowSize, count * rowSize));
        }
    }

    /// <summary>The most rows <see cref="Predict"/> runs at once (3.7 MB of LSTM gates at 32 units and 28 steps).</summary>
    public const int MaxPredictBlock = 256;

    // Every layer's inference pass on a batch buffer of this model (Predict, Evaluate).
    private Tensor Infer(Tensor xb)
    {
        var h = xb;
        foreach (var layer in layers)
            h = layer.Infer(h);
        return h;
    }

    /// <summary>Runs every layer on a batch; with <paramref name="training"/>, dropout is on and backward may follow.</summary>
    public Tensor Forward(Tensor x, bool training)
    {
        if (layers.Count == 0 || !layers[0].IsBuilt)
            Build(x.Shape[1..]);
        var h = x;
        foreach (var layer in layers)
            h = layer.Forward(h, training);
        return h;
    }

    /// <summary>
    /// Back-propagates d loss / d output through every layer (after a training <see cref="Forward"/>).
    /// When the loss is fused with the last layer's activation, the gradient is with respect to its pre-activation.
    /// Returns d loss / d input (zeros for token ids), for example to see how far back gradients reach.
    /// </summary>
    public Tensor Backward(Tensor outputGradient) =>
        BackwardLayers(outputGradient, needInputGradient: true);

    private Tensor BackwardLayers(Tensor outputGradient, bool needInputGradient)
    {
        var first = layers.FirstOrDefault(l => l is not Input);
        if (first is not null)
            first.NeedInputGradient = needInputGradient;
        var g = outputGradient;
        for (int i = layers.Count - 1; i >= 0; i--)
            g =
                i == layers.Count - 1 && FusedOutput() is Dense dense
                    ? dense.BackwardFromPreActivation(g)
                    : layers[i].Backward(g);
        return g;
    }

    /// <summary>Clears the carried states of stateful recurrent layers (Keras's reset_states).</summary>
    public void ResetStates()
    {
        foreach (var lstm in layers.OfType<Lstm>())
            lstm.ResetStates();
        foreach (var gru in layers.OfType<Gru>())
            gru.ResetStates();
    }

    /// <summary>The mean loss of a batch; writes the gradient that <see cref="Backward"/> expects.</summary>
    internal double ComputeLoss(Tensor prediction, Tensor target, Tensor gradient) =>
        FusedOutput() is Dense dense
            ? Loss.ComputeFromLogits(dense.PreActivation, target, gradient.Span)
            : Loss.Compute(prediction, target, gradient.Span);

    /// <summary>A copy of every parameter's values, in <see cref="Parameters"/> order.</summary>
    public float[][] GetWeights() => [.. Parameters.Select(p => (float[])p.Value.Data.Clone())];

    /// <summary>Puts back values from <see cref="GetWeights"/>.</summary>
    public void SetWeights(float[][] weights)
    {
        var parameters = Parameters;
        if (weights.Length != parameters.Count)
            throw new ArgumentException(
                $"Expected {parameters.Count} weight arrays, got {weights.Length}."
            );
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i].Length != parameters[i].Value.Length)
                throw new ShapeMismatchException(
                    $"{parameters[i].Name} has {parameters[i].Value.Length} values, got {weights[i].Length}."
                );
            weights[i].CopyTo(parameters[i].Value.Data, 0);
        }
    }

    /// <summary>Saves the weights as safetensors with PyTorch's names (for example <c>lstm.weight_ih_l0</c>), atomically.</summary>
    public void SaveWeights(string path)
    {
        var parameters = Parameters;
        if (parameters.Count == 0)
            throw new InvalidOperationException(
                "The model has no weights yet: build or train it first."
            );
        SafeTensors.Write(
            path,
            parameters.ToDictionary(p => p.Name, p => p.Value),
            new Dictionary<string, string>
            {
                ["format"] = "pt",
                ["generator"] = "LstmLab " + typeof(Sequential).Assembly.GetName().Version,
                [ModelDescription.Key] = ModelDescription.Write(layers),
            }
        );
    }

    /// <summary>
    /// Rebuilds a model from a file written by <see cref="SaveWeights"/> or <see cref="Save"/>: its layers from the
    /// description the file records, its weights from the file's tensors (the optimizer's state is not restored).
    /// The model is built and ready to <see cref="Predict"/> or <see cref="SaveOnnx"/>; compile it to train.
    /// </summary>
    public static Sequential FromFile(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(ModelDescription.Key, out var description))
            throw new InvalidDataException(
                $"{path} records no layers (metadata '{ModelDescription.Key}'): it was not saved by LSTM Lab's SaveWeights or Save. "
                    + "Build the model in code and call LoadWeights instead."
            );
        var weights = file
            .Tensors.Where(t => !t.Key.StartsWith("optimizer.", StringComparison.Ordinal))
            .ToDictionary();
        return ModelDescription.Rebuild(description, weights, path);
    }

    /// <summary>
    /// Saves the model as an ONNX file, atomically, for ONNX Runtime and other ONNX tools: input <c>input</c>,
    /// output <c>output</c>, a symbolic batch axis, dropout off (see <see cref="Onnx.OnnxExport"/>).
    /// A layer that ONNX cannot express is refused with an error naming it.
    /// </summary>
    public void SaveOnnx(string path) => Onnx.OnnxExport.Save(this, path);

    /// <summary>
    /// Saves a training checkpoint atomically: the weights, the optimizer's state, the position in training
    /// and the History, so that <c>Fit(…, resumeFrom: path)</c> continues exactly where this model stands.
    /// </summary>
    public void Save(string path)
    {
        CheckCompiled();
        Checkpoint.Write(
            path,
            this,
            trainingState ?? TrainingState.Start(metrics.Count),
            trainingHistory ?? new History()
        );
    }

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights"/> or by PyTorch (same names and shapes). The file must hold
    /// exactly this model's tensors; the first missing, extra or mis-shaped one is named in the error, and nothing is changed.
    /// A model that starts with an <see cref="Input"/> is built first (no Compile needed).
    /// </summary>
    public void LoadWeights(string path)
    {
        if (layers.FirstOrDefault() is Input { IsBuilt: false } input)
            Build(input.Shape);
        var parameters = Parameters;
        if (parameters.Count == 0)
            throw new InvalidOperationException(
                layers.Count == 0
                    ? "The model has no layers to load weights into."
                    : "The model has no weights yet: start it with new Input(shape…) or call Build(shape…) before LoadWeights."
            );
        var file = SafeTensors.Read(path);
        // A checkpoint also holds the optimizer's state: only its weights are loaded here.
        LoadWeights(
            path,
            file.Tensors.Where(t => !t.Key.StartsWith("optimizer.", StringComparison.Ordinal))
                .ToDictionary()
        );
    }

    /// <summary>Copies <paramref name="tensors"/> (read from <paramref name="path"/>) into the parameters after checking names and shapes.</summary>
    internal void LoadWeights(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var parameters = Parameters;
        foreach (var p in parameters)
        {
            if (!tensors.TryGetValue(p.Name, out var tensor))
                throw new InvalidDataException(
                    $"{path} has no tensor '{p.Name}' (the model expects {Tensor.Format(p.Value.Shape)}); it has: {string.Join(", ", tensors.Keys.Order())}."
                );
            if (!tensor.Shape.AsSpan().SequenceEqual(p.Value.Shape))
                throw new ShapeMismatchException(
                    $"{path}: tensor '{p.Name}' has shape {Tensor.Format(tensor.Shape)}, but the model expects {Tensor.Format(p.Value.Shape)}."
                );
        }
        var extra = tensors.Keys.Except(parameters.Select(p => p.Name)).Order().FirstOrDefault();
        if (extra is not null)
            throw new InvalidDataException(
                $"{path} has a tensor '{extra}' that the model does not have."
            );
        foreach (var p in parameters)
            tensors[p.Name].Data.CopyTo(p.Value.Data, 0);
    }

    /// <inheritdoc/>
    public IEnumerator<Layer> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Dense? FusedOutput() =>
        layers.Count > 0
        && layers[^1] is Dense dense
        && loss is not null
        && loss.FusesWith(dense.Activation)
            ? dense
            : null;

    /// <summary>
    /// Lets the loss and the layers name a bad value by its row in the dataset, not in the batch
    /// (null: by the row in the batch). A failing batch leaves the names set; the next call replaces them.
    /// </summary>
    private void NameRows(Func<int, string>? name)
    {
        if (loss is not null)
            loss.RowName = name;
        foreach (var layer in layers)
            layer.RowName = name;
    }

    private Dictionary<string, double> RunningLogs(double lossSum, int seen)
    {
        var logs = new Dictionary<string, double> { ["loss"] = lossSum / Math.Max(seen, 1) };
        foreach (var metric in metrics)
            logs[metric.Name] = metric.Result();
        return logs;
    }

    private void Report(IProgress<TrainingProgress>? progress, TrainingProgress report)
    {
        progress?.Report(report);
        Progress?.Invoke(this, report);
    }

    private void CheckCompiled()
    {
        if (optimizer is null || loss is null)
            throw NotCompiled();
    }

    private static InvalidOperationException NotCompiled() =>
        new("The model is not compiled: call Compile(optimizer, loss, metrics…) first.");

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(batchSize),
                $"batchSize must be ≥ 1, got {batchSize}."
            );
    }

    private void CheckData(Tensor x, Tensor y, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank < 2)
            throw new ShapeMismatchException(
                $"The {what} inputs must be a batch (N, …), got shape {Tensor.Format(x.Shape)}."
            );
        if (y.Rank < 1 || y.Shape[0] != x.Shape[0])
            throw new ShapeMismatchException(
                $"The {what} data has {x.Shape[0]} inputs {Tensor.Format(x.Shape)} but {(y.Rank == 0 ? 0 : y.Shape[0])} targets {Tensor.Format(y.Shape)}."
            );
        if (x.Shape[0] == 0)
            throw new ArgumentException($"The {what} data is empty.");
        if (layers.Count > 0 && layers[0].IsBuilt)
            CheckShape(x, what);
    }

    private void CheckShape(Tensor x, string what)
    {
        if (!layers[0].Accepts(x.Shape))
        {
            var first = layers.First(l => l is not Input);
            throw new ShapeMismatchException(
                $"Layer '{first.Name}' ({first.GetType().Name}) expects {what} inputs of shape {Layer.BatchShape(first.InputShape)}, "
                    + $"but got {Tensor.Format(x.Shape)}."
            );
        }
    }

    private TrainingInterruptedException Interrupted(int epoch, int batch, int batches)
    {
        string path = Path.GetFullPath(TrainingInterrupt.CheckpointPath);
        string stopped =
            $"Training stopped on request after batch {batch}/{batches} of epoch {epoch}.";
        try
        {
            Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TrainingInterruptedException(
                $"{stopped} The checkpoint could not be saved, so this training cannot be resumed: {e.Message}",
                null,
                e
            );
        }
        return new TrainingInterruptedException(
            $"{stopped} The checkpoint is {path}; continue with Fit(…, resumeFrom: \"{path}\").",
            path
        );
    }

    private TrainingDivergedException Diverged(
        int epoch,
        int batch,
        double value,
        Tensor xb,
        Tensor yb
    )
    {
        string cause =
            Array.Exists(xb.Data, v => !float.IsFinite(v))
                ? "The inputs of this batch contain NaN or infinite values."
            : Array.Exists(yb.Data, v => !float.IsFinite(v))
                ? "The targets of this batch contain NaN or infinite values."
            : $"The gradient norm at the previous step was {Optimizer.LastGradientNorm:g3}: the weights diverged. "
                + "Try a lower learning rate, or clip gradients (new Adam(clipNorm: 1.0)).";
        return new TrainingDivergedException(
            $"The loss became {value} at epoch {epoch}, batch {batch}. {cause}",
            epoch,
            batch
        );
    }

    private sealed class BothProgress(
        IProgress<TrainingProgress> first,
        IProgress<TrainingProgress> second
    ) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            first.Report(value);
            second.Report(value);
        }
    }
}

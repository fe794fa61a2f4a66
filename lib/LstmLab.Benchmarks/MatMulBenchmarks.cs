using BenchmarkDotNet.Attributes;
using LstmLab.Kernels;

namespace LstmLab.Benchmarks;

/// <summary>
/// The matrix product at the shapes the LSTM engine runs (B = batch, T = steps, I = inputs,
/// H = units; the shape reads m×n×k, Aᵀ / Bᵀ marking a transposed operand), on 1 and 2
/// threads. Read the GFLOP/s column.
/// </summary>
public class MatMulBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    public static IEnumerable<GemmShape> Shapes() =>
        [
            new("step B128 H32", 128, 128, 32, false, true, true),
            new("step B128 H128", 128, 512, 128, false, true, true),
            new("step B64 H128", 64, 512, 128, false, true, true),
            new("step B128 H256", 128, 1024, 256, false, true, true),
            new("x·Wihᵀ T28 B128 I28 H128", 3584, 512, 28, false, true, false),
            new("dG·Whh B128 H128", 128, 128, 512, false, false, false),
            new("dGᵀ·X T28 B128 I128", 512, 128, 3584, true, false, true),
            new("square", 1024, 1024, 1024, false, false, false),
        ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = Random(random, Shape.M * Shape.K);
        _b = Random(random, Shape.K * Shape.N);
        _c = Random(random, Shape.M * Shape.N);
        Threading.MaxThreads = Threads;
        // Reach tier-1 code before BenchmarkDotNet's own warm-up starts timing.
        for (int i = 0; i < 20; i++)
            Gemm();
    }

    [Benchmark]
    public void Gemm()
    {
        var s = Shape;
        MatMul.Gemm(
            s.TransA,
            s.TransB,
            s.M,
            s.N,
            s.K,
            _a,
            s.TransA ? s.M : s.K,
            _b,
            s.TransB ? s.K : s.N,
            _c,
            s.N,
            s.Accumulate
        );
    }

    private static float[] Random(Random random, int length)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = random.NextSingle() * 2 - 1;
        return data;
    }
}

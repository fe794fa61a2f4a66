using BenchmarkDotNet.Attributes;
using LstmLab.Kernels;

namespace LstmLab.Benchmarks;

/// <summary>
/// The per-step recurrent product h (B,H) · W_hhᵀ with W_hh packed once
/// (<see cref="MatMulPackedB"/>), as the engine can run it between optimizer updates.
/// Compare with the same shapes in <see cref="MatMulBenchmarks"/>, which repack every call.
/// </summary>
public class MatMulPackedBenchmarks
{
    private float[] _a = [];
    private float[] _c = [];
    private MatMulPackedB _packed = null!;

    public static IEnumerable<GemmShape> Shapes() =>
        [
            new("packed step B32 H32", 32, 128, 32, false, true, true),
            new("packed step B128 H32", 128, 128, 32, false, true, true),
            new("packed step B32 H128", 32, 512, 128, false, true, true),
            new("packed step B128 H128", 128, 512, 128, false, true, true),
            new("packed step B128 H256", 128, 1024, 256, false, true, true),
        ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = MatMulBenchmarks.Random(random, Shape.M * Shape.K);
        float[] weights = MatMulBenchmarks.Random(random, Shape.K * Shape.N);
        _c = MatMulBenchmarks.Random(random, Shape.M * Shape.N);
        _packed = new MatMulPackedB(
            Shape.TransB,
            Shape.K,
            Shape.N,
            weights,
            Shape.TransB ? Shape.K : Shape.N
        );
        Threading.MaxThreads = Threads;
        // Reach tier-1 code before BenchmarkDotNet's own warm-up starts timing.
        for (int i = 0; i < 20; i++)
            Gemm();
    }

    [Benchmark]
    public void Gemm() =>
        MatMul.Gemm(
            Shape.TransA,
            Shape.M,
            _a,
            Shape.TransA ? Shape.M : Shape.K,
            _packed,
            _c,
            Shape.N,
            Shape.Accumulate
        );
}

namespace LstmLab.Benchmarks;

/// <summary>
/// One matrix product C (M,N) [+]= op(A) (M,K) · op(B) (K,N), named after the place in the
/// LSTM engine that runs it.
/// </summary>
public sealed record GemmShape(
    string Use,
    int M,
    int N,
    int K,
    bool TransA,
    bool TransB,
    bool Accumulate
)
{
    /// <summary>Floating-point operations: one multiply and one add per term.</summary>
    public double Flops => 2.0 * M * N * K;

    public override string ToString() =>
        $"{Use}: {M}x{N}x{K}{(TransA ? " Aᵀ" : "")}{(TransB ? " Bᵀ" : "")}";
}

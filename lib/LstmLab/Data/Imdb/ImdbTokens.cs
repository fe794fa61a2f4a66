namespace LstmLab.Data;

/// <summary>
/// Turns reviews into word ids: counts the training words, ranks them by frequency and maps
/// every review to <c>[1, id, id, …]</c>. Words are looked up as spans of one reused buffer,
/// so 50,000 reviews take about a second rather than allocating millions of strings.
/// </summary>
internal static class ImdbTokens
{
    public static (ImdbVocabulary Vocabulary, List<int[]> Train, List<int[]> Test) Build(
        List<ImdbReview> train,
        List<ImdbReview> test,
        int numWords
    )
    {
        // Pass 1: provisional ids in order of first use, and how often each occurs.
        var firstUse = new Dictionary<string, int>();
        var lookup = firstUse.GetAlternateLookup<ReadOnlySpan<char>>();
        var counts = new List<int>();
        var trainProvisional = new List<int[]>(train.Count);
        var words = new List<int>();
        char[] buffer = [];
        foreach (var review in train)
        {
            words.Clear();
            ReadOnlySpan<char> clean = KerasText.Clean(review.Text, ref buffer);
            foreach (Range range in clean.Split(' '))
            {
                var word = clean[range];
                if (word.IsEmpty)
                    continue;
                if (!lookup.TryGetValue(word, out int id))
                {
                    id = counts.Count;
                    lookup[word] = id;
                    counts.Add(0);
                }
                counts[id]++;
                words.Add(id);
            }
            trainProvisional.Add([.. words]);
        }

        // Rank by count, most frequent first; ties keep the order of first use (a stable sort).
        var order = Enumerable.Range(0, counts.Count).OrderByDescending(id => counts[id]).ToArray();
        var byFrequency = new string[order.Length];
        var names = new string[counts.Count];
        foreach (var (word, id) in firstUse)
            names[id] = word;
        for (int rank = 0; rank < order.Length; rank++)
            byFrequency[rank] = names[order[rank]];
        var vocabulary = new ImdbVocabulary(byFrequency, numWords);
        var finalId = new int[counts.Count];
        for (int rank = 0; rank < order.Length; rank++)
            finalId[order[rank]] = vocabulary.IdOfRank(rank + 1);

        var trainIds = trainProvisional.Select(ids => WithStart(ids, finalId)).ToList();
        var testIds = new List<int[]>(test.Count);
        foreach (var review in test)
        {
            words.Clear();
            words.Add(ImdbVocabulary.Start);
            ReadOnlySpan<char> clean = KerasText.Clean(review.Text, ref buffer);
            foreach (Range range in clean.Split(' '))
                if (!clean[range].IsEmpty)
                    words.Add(
                        lookup.TryGetValue(clean[range], out int id)
                            ? finalId[id]
                            : ImdbVocabulary.OutOfVocabulary
                    );
            testIds.Add([.. words]);
        }
        return (vocabulary, trainIds, testIds);
    }

    private static int[] WithStart(int[] provisional, int[] finalId)
    {
        var ids = new int[provisional.Length + 1];
        ids[0] = ImdbVocabulary.Start;
        for (int i = 0; i < provisional.Length; i++)
            ids[i + 1] = finalId[provisional[i]];
        return ids;
    }
}

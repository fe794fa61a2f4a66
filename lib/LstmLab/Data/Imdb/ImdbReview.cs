namespace LstmLab.Data;

/// <summary>One labelled review: its split (train or test), sentiment, file id and star rating.</summary>
/// <param name="Split">"train" or "test".</param>
/// <param name="Positive">True for the pos folder (rating 7–10), false for neg (1–4).</param>
/// <param name="Id">The number before the underscore in the file name.</param>
/// <param name="Rating">The star rating after the underscore.</param>
/// <param name="Text">The review as written, HTML line breaks included.</param>
public sealed record ImdbReview(string Split, bool Positive, int Id, int Rating, string Text);

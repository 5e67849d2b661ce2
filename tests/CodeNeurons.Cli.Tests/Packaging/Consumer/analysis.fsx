// The F# script that PackagingTests runs with `dotnet fsi` against the packed CodeNeurons package. The test replaces
// the two placeholders (the local feed folder and the packed version); the script prints key=value lines.
#i "nuget: __FEED__"
#r "nuget: CodeNeurons, __VERSION__"

open CodeNeurons.Redundancy
open CodeNeurons.Data

let synthetic = SyntheticActivations.Create(SyntheticActivationsOptions(Layers = 2, NeuronsPerLayer = 24, Rows = 800, Groups = 4, Seed = 5))
let cut = CorrelationClustering(CorrelationClusteringOptions(Thresholds = [| 0.5 |])).Cluster(synthetic.Activations).Cuts[0]
let recovered =
    synthetic.Groups
    |> Seq.filter (fun g ->
        let label = cut.Labels[g[0]]
        Seq.forall (fun m -> cut.Labels[m] = label) g && Seq.length (Seq.filter ((=) label) cut.Labels) = g.Count)
    |> Seq.length
printfn "neurons=%d" synthetic.Activations.Neurons
printfn "planted_groups=%d" synthetic.Groups.Count
printfn "planted_members=%d" (synthetic.Groups |> Seq.sumBy (fun g -> g.Count))
printfn "recovered_groups=%d" recovered
printfn "clusters=%d" cut.ClusterCount

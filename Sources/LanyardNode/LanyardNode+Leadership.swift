import LanyardCore
import LanyardModel
import LanyardStorage
import Logging
import ServiceLifecycle

extension LanyardNode {
    /// How often every node re-reads signing keys and intermediate CAs renewed elsewhere (``CredentialRefresh``);
    /// below ``KeyManagement``'s 60 s publication margin.
    static let credentialRefreshInterval: Duration = .seconds(10)

    /// The node's background services, in start order: leadership, the leader jobs (`jobs` and the credential
    /// renewal; a leader job more is one element of `jobs` more), and the credential refresh every node runs.
    /// Leadership comes first so that it stops last: the jobs' last passes run while the lock is still held. The jobs
    /// run on a thread of their own at the lowest priority (``DedicatedThread/background()``): under load, a pass takes
    /// what the requests leave instead of a core from them.
    static func backgroundServices(
        settings: ServeConfiguration, location: DatabaseLocation, store: any LanyardStore, audit: any AuditLog, clock: any WallClock,
        keys: KeyManagement, credentials: CredentialServices, jobs: [any LeaderJob], logger: Logger
    ) -> (Leadership, [any Service]) {
        let leadership = Leadership(lock: location.leaderLock(logger: logger), logger: logger)
        let renewal = CredentialRenewal(
            store: store, audit: audit, clock: clock, keys: keys, authorities: credentials.state.authorities, keyMaxAge: settings.signingKeyMaxAge,
            interval: .seconds(settings.renewalInterval.seconds), logger: logger)
        let refresh = CredentialRefresh(
            store: store, clock: clock, keys: keys, authorities: credentials.state.authorities, interval: credentialRefreshInterval, logger: logger)
        let jobs = LeaderJobs(leadership: leadership, jobs: jobs + [renewal], logger: logger, executor: DedicatedThread.background())
        return (leadership, [leadership, jobs, refresh])
    }
}

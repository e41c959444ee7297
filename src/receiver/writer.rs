//! One thread writes reviews: each request hands its review over and waits for the
//! outcome, and whatever has queued up meanwhile is written in one transaction (a
//! group commit: one WAL append and one set of touched index pages for many
//! reviews, where one transaction each made the disk the bottleneck).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use tokio::sync::oneshot;

use super::store::{KeyState, Store, StoreError, Submission};

/// The most reviews one transaction takes.
const BATCH: usize = 64;

type Outcome = Result<Option<KeyState>, StoreError>;

struct Job {
    submission: Submission,
    done: oneshot::Sender<Outcome>,
}

/// The sending end; dropping it ends the thread, and waits for it.
pub struct Writer {
    jobs: Option<Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Writer {
    pub fn start(store: Arc<Store>) -> Writer {
        let (jobs, queue) = channel();
        let thread = std::thread::Builder::new()
            .name("rubric-writer".to_owned())
            .spawn(move || run(&store, &queue))
            .inspect_err(|e| eprintln!("rubric-receiver: cannot start the writer: {e}"))
            .ok();
        Writer {
            jobs: Some(jobs),
            thread,
        }
    }

    /// Store `submission` (or learn how its key settles it).
    pub async fn submit(&self, submission: Submission) -> Outcome {
        let (done, outcome) = oneshot::channel();
        let jobs = self.jobs.as_ref().ok_or(StoreError::Stopping)?;
        jobs.send(Job { submission, done })
            .map_err(|_| StoreError::Stopping)?;
        outcome.await.unwrap_or(Err(StoreError::Stopping))
    }
}

fn run(store: &Store, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let (batch, done): (Vec<Submission>, Vec<_>) =
            jobs.into_iter().map(|j| (j.submission, j.done)).unzip();
        // A request may have gone (the client hung up): then there is no one to tell.
        match store.submit(&batch) {
            Ok(outcomes) => {
                for (done, outcome) in done.into_iter().zip(outcomes) {
                    let _ = done.send(outcome);
                }
            }
            Err(e) => {
                for done in done {
                    let _ = done.send(Err(e.duplicate()));
                }
            }
        }
    }
}

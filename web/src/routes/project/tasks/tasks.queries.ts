import { graphql, type ResultOf } from '../../../graphql/graphql';

/** A task as both apps show it, with its comments. */
export const TaskFields = graphql(`
  fragment TaskFields on Task @_unmask {
    id
    title
    description
    status
    dueDate
    assignee {
      kind
      id
      name
    }
    createdBy {
      kind
      id
      name
    }
    createdAt
    completedAt
    comments {
      id
      body
      author {
        kind
        id
        name
      }
      createdAt
    }
  }
`);

/** A project's tasks as the contact may see them, with their comments. */
export const ProjectTasksQuery = graphql(
  `
    query ProjectTasks($id: ID!) {
      project(id: $id) {
        id
        tasks {
          ...TaskFields
        }
      }
    }
  `,
  [TaskFields],
);

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      status
    }
  }
`);

export const UpdateTaskMutation = graphql(`
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
    updateTask(id: $id, input: $input) {
      id
      title
      description
      dueDate
    }
  }
`);

export const SetTaskStatusMutation = graphql(`
  mutation SetTaskStatus($id: ID!, $status: TaskStatus!) {
    setTaskStatus(id: $id, status: $status) {
      id
      status
      completedAt
    }
  }
`);

export const CommentOnTaskMutation = graphql(`
  mutation CommentOnTask($taskId: ID!, $body: String!) {
    commentOnTask(taskId: $taskId, body: $body) {
      id
    }
  }
`);

type ProjectTasks = NonNullable<ResultOf<typeof ProjectTasksQuery>['project']>;
export type Task = ProjectTasks['tasks'][number];
export type TaskComment = Task['comments'][number];
export type TaskStatus = Task['status'];

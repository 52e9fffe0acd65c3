// The execution's flow as a graph (@xyflow/react, laid out by dagre in topology-model.ts): tasks
// coloured by the state of their task runs, edges for order, branches, errors and finally. A click
// on a task shows its logs.
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useMemo } from 'react';
import type { TaskRun, TaskSummary } from '../../../../main/contract/kestra-model';
import { stateColor, stateLabel } from '../../../lib/states';
import { buildTopology, type TopologyNode } from './topology-model';
import './topology.css';

type TaskNodeType = Node<{ task: TopologyNode }, 'task'>;

const TaskNode = memo(function TaskNode({ data }: NodeProps<TaskNodeType>) {
  const { task } = data;
  const color = task.state ? stateColor(task.state) : 'var(--border-strong)';
  return (
    <div
      className={`topo-node${task.flowable ? ' topo-node--flowable' : ''}${task.disabled ? ' topo-node--disabled' : ''}`}
      style={{ ['--node-color' as string]: color }}
      data-task-id={task.taskId}
      data-state={task.state ?? 'NOT_RUN'}
      title={`${task.taskId}${task.fullType ? `\n${task.fullType}` : ''}\n${task.state ? `${stateLabel(task.state)} · ${task.runCount} task run${task.runCount === 1 ? '' : 's'}` : 'Not run'}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="topo-node__id">{task.taskId}</div>
      <div className="topo-node__meta">
        <span className="topo-node__type">{task.type || 'task'}</span>
        <span className="topo-node__state">{task.state ? `${stateLabel(task.state)}${task.runCount > 1 ? ` ×${task.runCount}` : ''}` : 'not run'}</span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const NODE_TYPES = { task: TaskNode };

export interface TopologyViewProps {
  flow: { tasks?: TaskSummary[]; errors?: TaskSummary[]; finally?: TaskSummary[] } | undefined;
  taskRuns: readonly TaskRun[];
  onSelectTask?: (taskId: string) => void;
  /** Why the flow definition is missing, when it is. */
  notice?: string;
}

export function TopologyView({ flow, taskRuns, onSelectTask, notice }: TopologyViewProps) {
  const graph = useMemo(() => buildTopology(flow, taskRuns), [flow, taskRuns]);
  const nodes = useMemo<TaskNodeType[]>(
    () =>
      graph.nodes.map((task) => ({
        id: task.id,
        type: 'task',
        position: { x: task.x, y: task.y },
        data: { task },
        draggable: false,
        connectable: false,
        ariaLabel: `${task.taskId}: ${task.state ? stateLabel(task.state) : 'not run'}`,
      })),
    [graph],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label,
        className: `topo-edge topo-edge--${edge.kind}`,
        animated: false,
        type: 'smoothstep',
      })),
    [graph],
  );

  return (
    <section className="topo" aria-label="Flow topology">
      {(notice || graph.source === 'runs') && (
        <div className="topo__notice" role="note">
          {notice ?? 'Drawn from the task runs (the flow definition is not available).'}
        </div>
      )}
      <div className="topo__canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.1}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          onNodeClick={(_event, node) => onSelectTask?.(node.id)}
          proOptions={{ hideAttribution: true }}
          colorMode={document.documentElement.dataset.theme === 'light' ? 'light' : 'dark'}
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          <MiniMap
            pannable
            zoomable
            nodeColor={(node) => ((node.data as { task: TopologyNode }).task.state ? stateColor((node.data as { task: TopologyNode }).task.state) : '#555')}
          />
        </ReactFlow>
      </div>
    </section>
  );
}
